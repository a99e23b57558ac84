package app.cloak.bridge.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Hub-Signature-256: sha256=<hex>}: HMAC-SHA256 of the body bytes exactly as received, keyed with the app
 * secret, compared in constant time. Meta signs the body it sends, whose non-ASCII is already {@code \\uXXXX}-escaped;
 * a body that reaches us with literal UTF-8 (a proxy that unescaped it) is checked a second time in Meta's escaped
 * form (lowercase hex, UTF-16 units). A parsed-and-reserialised body is never hashed. A missing, malformed or
 * wrong-length header fails closed.
 */
final class WebhookSignature {
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    static boolean valid(byte[] body, String header, String appSecret) {
        if (header == null || appSecret == null || appSecret.isEmpty()) return false;
        String h = header.strip();
        if (h.length() != PREFIX.length() + 64 || !h.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return false;
        byte[] given;
        try {
            given = HexFormat.of().parseHex(h.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (MessageDigest.isEqual(hmac(appSecret, body), given)) return true;
        return hasNonAscii(body) && MessageDigest.isEqual(hmac(appSecret, escapeNonAscii(body)), given);
    }

    static String sign(byte[] body, String appSecret) {
        return PREFIX + HexFormat.of().formatHex(hmac(appSecret, body));
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasNonAscii(byte[] body) {
        for (byte b : body) if (b < 0) return true;
        return false;
    }

    /** Every char outside 0x00–0x7e as {@code \\u} + 4 lowercase hex digits (astral chars as their surrogate pair). */
    static byte[] escapeNonAscii(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(s.length() + 64);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x7e) out.append(c);
            else out.append("\\u").append(String.format("%04x", (int) c));
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
