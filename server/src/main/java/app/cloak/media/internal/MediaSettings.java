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
 * @param maxThumbnailPixels {@code CLOAK_MEDIA_MAX_THUMBNAIL_PIXELS}: images with more pixels get no thumbnail
 *                         (decompression bombs), default 100 million.
 * @param ffmpeg           {@code CLOAK_MEDIA_FFMPEG}: the ffmpeg executable for video thumbnails and AAC/Vorbis
 *                         waveforms, default {@code ffmpeg} on the PATH; missing: video uploads say
 *                         {@code thumbnail: unavailable}, AAC/Vorbis audio {@code waveform_unsupported_codec}.
 * @param orphanAfter      {@code CLOAK_MEDIA_ORPHAN_AFTER}: uploads no message carries are deleted after this, default 24 h.
 * @param cleanupInterval  {@code CLOAK_MEDIA_CLEANUP_INTERVAL}: how often the cluster-once cleanup job runs, default 10 minutes.
 */
@ConfigurationProperties("cloak.media")
public record MediaSettings(Long maxImageBytes, Long maxVideoBytes, Long maxAudioBytes, Long maxDocumentBytes,
                            Duration urlTtl, Long maxThumbnailPixels, String ffmpeg, Duration orphanAfter,
                            Duration cleanupInterval) {
    static final long MIB = 1024 * 1024;

    public MediaSettings {
        if (maxImageBytes == null) maxImageBytes = 16 * MIB;
        if (maxVideoBytes == null) maxVideoBytes = 100 * MIB;
        if (maxAudioBytes == null) maxAudioBytes = 100 * MIB;
        if (maxDocumentBytes == null) maxDocumentBytes = 100 * MIB;
        if (urlTtl == null) urlTtl = Duration.ofMinutes(5);
        if (urlTtl.isNegative() || urlTtl.isZero()) throw new IllegalArgumentException("cloak.media.url-ttl must be positive");
        if (maxThumbnailPixels == null) maxThumbnailPixels = 100_000_000L;
        if (ffmpeg == null || ffmpeg.isBlank()) ffmpeg = "ffmpeg";
        if (orphanAfter == null) orphanAfter = Duration.ofHours(24);
        if (cleanupInterval == null) cleanupInterval = Duration.ofMinutes(10);
        if (orphanAfter.isNegative() || cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalArgumentException("cloak.media.orphan-after and cleanup-interval must be positive");
        }
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
