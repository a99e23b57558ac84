package app.cloak.bridge.internal;

import app.cloak.media.MediaApi;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Meta's media flow: the webhook's media id → {@code GET /<media-id>} for a URL that lives 5 minutes → {@code GET <url>}
 * with the token. An expired URL (404) is replaced by a fresh one once. The bytes stream straight into the media
 * module (sniffed, size-limited, encrypted at rest) as an upload of the link's owner, and the SHA-256 Meta gave
 * (base64 in webhooks, hex in some answers) must match what arrived.
 */
@Component
class MediaFetcher {
    private final GraphClient graph;
    private final MediaApi media;

    MediaFetcher(GraphClient graph, MediaApi media) {
        this.graph = graph;
        this.media = media;
    }

    /** The Cloak media id; throws {@link GraphClient.GraphException} (retryable or not) or the media module's ApiProblem. */
    String fetch(Links.Link link, WebhookPayload.Media m) {
        var target = link.target();
        var info = graph.mediaInfo(target, m.id());
        InputStream in;
        try {
            in = graph.download(target, info.url());
        } catch (GraphClient.GraphException e) {
            if (!"media_url_expired".equals(e.code)) throw e;
            info = graph.mediaInfo(target, m.id());
            in = graph.download(target, info.url());
        }
        String expected = m.sha256() != null ? m.sha256() : info.sha256();
        try (DigestInputStream digest = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            String mediaId = media.ingest(link.ownerId(), digest);
            digest.transferTo(java.io.OutputStream.nullOutputStream());
            byte[] actual = digest.getMessageDigest().digest();
            if (expected != null && !matches(expected, actual)) {
                throw new GraphClient.GraphException("media_hash_mismatch", "The media's SHA-256 does not match the webhook's", false);
            }
            return mediaId;
        } catch (IOException e) {
            throw new GraphClient.GraphException("network", "Media download failed: " + e.getClass().getSimpleName(), true);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(String expected, byte[] actual) {
        String e = expected.strip();
        if (e.matches("[0-9a-fA-F]{64}")) return MessageDigest.isEqual(HexFormat.of().parseHex(e), actual);
        try {
            return MessageDigest.isEqual(Base64.getDecoder().decode(e), actual);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
