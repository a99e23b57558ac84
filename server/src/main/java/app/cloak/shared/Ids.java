package app.cloak.shared;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque, unguessable ids with a short prefix that says what they name ("u_", "c_", "m_"). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    public static String newId(String prefix) {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + ENCODER.encodeToString(bytes);
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static String randomToken(int bytes) {
        return ENCODER.encodeToString(randomBytes(bytes));
    }
}
