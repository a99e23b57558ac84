package app.cloak.push.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.platform.CloakSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster's nodes share one VAPID pair: given as web-push tools print it, or as the file the first node generated. */
class VapidTest {
    @TempDir
    Path first;
    @TempDir
    Path second;

    private static PushSettings keys(String publicKey, String privateKey) {
        return new PushSettings(publicKey, privateKey, null, null, null, null, null, null);
    }

    @Test
    void theLinesOfAGeneratedKeyFileServeAnotherNodeAsSettings() throws Exception {
        var generated = new Vapid(keys(null, null), new CloakSettings(first, null, null));
        var lines = Files.readAllLines(first.resolve("secrets/vapid.keys"));
        var fromFile = new Vapid(keys(lines.get(0), lines.get(1)), new CloakSettings(second, null, null));
        assertThat(fromFile.publicKey()).isEqualTo(generated.publicKey());
        assertThat(second.resolve("secrets/vapid.keys")).doesNotExist();

        // and the raw forms: the application server key (the point) as browsers get it, with the scalar
        var raw = new Vapid(keys(generated.publicKey(), rawScalar(lines.get(1))), new CloakSettings(second, null, null));
        assertThat(raw.publicKey()).isEqualTo(generated.publicKey());
    }

    @Test
    void twoKeysThatAreNotOnePairAreRefusedAtStart() {
        new Vapid(keys(null, null), new CloakSettings(first, null, null));
        new Vapid(keys(null, null), new CloakSettings(second, null, null));
        try {
            var one = Files.readAllLines(first.resolve("secrets/vapid.keys"));
            var other = Files.readAllLines(second.resolve("secrets/vapid.keys"));
            assertThatThrownBy(() -> new Vapid(keys(one.get(0), other.get(1)), new CloakSettings(first, null, null)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not one key pair");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void somethingElseIsRefusedAtStartWithWhatIsExpected() {
        assertThatThrownBy(() -> new Vapid(keys("bm90LWEta2V5", "bm90LWEta2V5"), new CloakSettings(first, null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("vapid.keys");
    }

    /** The 32-byte scalar inside a PKCS#8 P-256 key, base64url. */
    private static String rawScalar(String pkcs8) throws Exception {
        var key = (java.security.interfaces.ECPrivateKey) java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(EcKeys.base64Url(pkcs8)));
        byte[] s = key.getS().toByteArray();
        byte[] out = new byte[32];
        System.arraycopy(s, Math.max(0, s.length - 32), out, Math.max(0, 32 - s.length), Math.min(32, s.length));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }
}
