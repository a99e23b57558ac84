package app.cloak.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.testing.TestDatabase;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Envelope encryption on a real migrated database, as nodes of one cluster would use it. */
class DataCipherTest {
    private TestDatabase db;
    private MasterKey masterKey;

    static MasterKey newMasterKey() throws Exception {
        String json = CryptoConfiguration.newKeysetJson();
        return new MasterKey(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get())
                .getPrimitive(RegistryConfiguration.get(), Aead.class));
    }

    private DataCipher cipher(MasterKey key) {
        return new DataCipher(new KeyMaterialStore(db.jdbc(), Clock.systemUTC()), key);
    }

    private static byte[] keyIdPrefix(byte[] ciphertext) {
        return Arrays.copyOf(ciphertext, 5); // Tink: one version byte, then the four-byte key id
    }

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.sqlite();
        masterKey = newMasterKey();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void textRoundTripsAndTheCiphertextHidesIt() {
        DataCipher cipher = cipher(masterKey);
        String text = "meet me at the old mill at 9 🌙";

        byte[] a = cipher.encryptText(text, "m_1");
        byte[] b = cipher.encryptText(text, "m_1");

        assertThat(cipher.decryptText(a, "m_1")).isEqualTo(text);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("old mill");
        assertThat(a).as("a fresh nonce each time").isNotEqualTo(b);
        assertThat(cipher.decrypt(cipher.encrypt(new byte[0], "empty"), "empty")).isEmpty();
    }

    @Test
    void aCiphertextIsBoundToItsContext() {
        DataCipher cipher = cipher(masterKey);
        byte[] c = cipher.encryptText("secret", "m_1");

        assertThatThrownBy(() -> cipher.decryptText(c, "m_2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTamperedCiphertextDoesNotDecrypt() {
        DataCipher cipher = cipher(masterKey);
        byte[] c = cipher.encryptText("secret", "m_1");
        c[c.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.decryptText(c, "m_1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotationKeepsOldCiphertextsReadableAndUsesTheNewKey() {
        DataCipher cipher = cipher(masterKey);
        byte[] before = cipher.encryptText("before", "ctx");
        assertThat(cipher.keyCount()).isEqualTo(1);

        cipher.rotate();

        assertThat(cipher.keyCount()).isEqualTo(2);
        byte[] after = cipher.encryptText("after", "ctx");
        assertThat(keyIdPrefix(after)).as("new values name the new key").isNotEqualTo(keyIdPrefix(before));
        assertThat(cipher.decryptText(before, "ctx")).isEqualTo("before");
        assertThat(cipher.decryptText(after, "ctx")).isEqualTo("after");
        assertThat(keyIdPrefix(cipher.encryptText("again", "ctx"))).isEqualTo(keyIdPrefix(after));
    }

    @Test
    void nodesSharingTheDatabaseAndMasterKeyShareDataKeys() {
        DataCipher node1 = cipher(masterKey);
        DataCipher node2 = cipher(masterKey);
        byte[] fromNode1 = node1.encryptText("hello cluster", "m_7");

        assertThat(node2.decryptText(fromNode1, "m_7")).isEqualTo("hello cluster");

        node1.rotate();
        byte[] rotated = node1.encryptText("after rotation", "m_8");
        assertThat(node2.decryptText(rotated, "m_8")).as("node 2 picks up node 1's rotation").isEqualTo("after rotation");
        assertThat(node2.keyCount()).isEqualTo(2);
        assertThat(node1.decryptText(node2.encryptText("back", "m_9"), "m_9")).isEqualTo("back");
    }

    @Test
    void rotationsOnTwoNodesAtOnceKeepEveryKey() {
        DataCipher node1 = cipher(masterKey);
        DataCipher node2 = cipher(masterKey); // loaded the keyset before node 1 rotates

        node1.rotate();
        byte[] underNode1sKey = node1.encryptText("after node 1's rotation", "m_1");
        node2.rotate();

        DataCipher restarted = cipher(masterKey);
        assertThat(restarted.keyCount()).as("node 2 built on node 1's keyset instead of overwriting it").isEqualTo(3);
        assertThat(restarted.decryptText(underNode1sKey, "m_1")).isEqualTo("after node 1's rotation");
        assertThat(keyIdPrefix(node2.encryptText("x", "m_2"))).isNotEqualTo(keyIdPrefix(underNode1sKey));
    }

    @Test
    void theStoredKeysetIsWrappedAndUselessWithAnotherMasterKey() throws Exception {
        cipher(masterKey).encryptText("x", "ctx");
        String stored = db.jdbc().sql("SELECT material FROM crypto_material WHERE name = 'data-keyset'")
                .query(String.class).single();
        assertThat(stored).contains("encryptedKeyset");

        MasterKey other = newMasterKey();
        assertThatThrownBy(() -> cipher(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOAK_MASTER_KEY");
    }

    @Test
    void keyedHashesAreStablePerPurposeAndSharedAcrossNodes() {
        KeyedHashes node1 = new KeyedHashes(new KeyMaterialStore(db.jdbc(), Clock.systemUTC()), masterKey);
        KeyedHashes node2 = new KeyedHashes(new KeyMaterialStore(db.jdbc(), Clock.systemUTC()), masterKey);

        String h = node1.hex("phone", "+15551230001", 32);
        assertThat(h).hasSize(64).isEqualTo(node1.hex("phone", "+15551230001", 32));
        assertThat(node2.hex("phone", "+15551230001", 32)).isEqualTo(h);
        assertThat(node1.hex("otp", "+15551230001", 32)).as("one secret per purpose").isNotEqualTo(h);
        assertThat(node1.hex("phone", "+15551230002", 32)).isNotEqualTo(h);
        assertThat(h).doesNotContain("5551230001");
    }
}
