package app.cloak.media.internal;

import app.cloak.platform.crypto.KeyedHashes;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.stereotype.Component;

/** HMAC-SHA256 over media id, expiry and viewer: a download URL works only for them, only until it expires. */
@Component
class DownloadSignature {
    private static final String PURPOSE = "media-url";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyedHashes hashes;

    DownloadSignature(KeyedHashes hashes) {
        this.hashes = hashes;
    }

    String sign(String mediaId, long expiresEpochSecond, String userId) {
        return B64.encodeToString(hashes.mac(PURPOSE, mediaId + "\n" + expiresEpochSecond + "\n" + userId));
    }

    boolean valid(String mediaId, long expiresEpochSecond, String userId, String signature) {
        if (signature == null) return false;
        byte[] expected = sign(mediaId, expiresEpochSecond, userId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
