package app.cloak.media.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Media limits ({@code cloak.media.*}). The servlet multipart limit ({@code spring.servlet.multipart.max-file-size},
 * 100 MB in application.properties) must be at least the largest of these.
 *
 * @param maxImageBytes    {@code CLOAK_MEDIA_MAX_IMAGE_BYTES}: largest image upload, default 16 MiB.
 * @param maxVideoBytes    {@code CLOAK_MEDIA_MAX_VIDEO_BYTES}: largest video upload, default 100 MiB.
 * @param maxAudioBytes    {@code CLOAK_MEDIA_MAX_AUDIO_BYTES}: largest audio/voice upload, default 100 MiB.
 * @param maxDocumentBytes {@code CLOAK_MEDIA_MAX_DOCUMENT_BYTES}: largest document (PDF) upload, default 100 MiB.
 * @param urlTtl           {@code CLOAK_MEDIA_URL_TTL}: how long a signed download URL works, default 5 minutes.
 */
@ConfigurationProperties("cloak.media")
public record MediaSettings(Long maxImageBytes, Long maxVideoBytes, Long maxAudioBytes, Long maxDocumentBytes,
                            Duration urlTtl) {
    static final long MIB = 1024 * 1024;

    public MediaSettings {
        if (maxImageBytes == null) maxImageBytes = 16 * MIB;
        if (maxVideoBytes == null) maxVideoBytes = 100 * MIB;
        if (maxAudioBytes == null) maxAudioBytes = 100 * MIB;
        if (maxDocumentBytes == null) maxDocumentBytes = 100 * MIB;
        if (urlTtl == null) urlTtl = Duration.ofMinutes(5);
        if (urlTtl.isNegative() || urlTtl.isZero()) throw new IllegalArgumentException("cloak.media.url-ttl must be positive");
    }

    long limitFor(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> maxImageBytes;
            case VIDEO -> maxVideoBytes;
            case AUDIO -> maxAudioBytes;
            case DOCUMENT -> maxDocumentBytes;
        };
    }
}
