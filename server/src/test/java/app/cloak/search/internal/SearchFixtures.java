package app.cloak.search.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Blind tokens as production makes them (HMAC-SHA256, 10 bytes), under a fixed test secret. */
public final class SearchFixtures {
    private static final byte[] SECRET = "cloak-search-test-secret-32-byte".getBytes(StandardCharsets.UTF_8);

    private SearchFixtures() {}

    public static TextAnalysis analysis() {
        return new TextAnalysis("english");
    }

    public static BlindTokens tokens() {
        return new BlindTokens(analysis(), SearchFixtures::hmacHex);
    }

    public static String hmacHex(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 10);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
