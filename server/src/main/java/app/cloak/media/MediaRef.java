package app.cloak.media;

import java.util.List;

/**
 * An attachment as one viewer sees it: {@code url} and {@code thumbnailUrl} are signed for that viewer and expire;
 * both null once a view-once recipient has opened it ({@code thumbnailUrl} is always null for a view-once recipient:
 * a preview would defeat it). {@code thumbnail} is {@code ready}, {@code unavailable} (then
 * {@code thumbnailReason} says why, e.g. {@code ffmpeg_not_installed}) or {@code none} (not a visual type).
 * {@code width}/{@code height} for images, {@code durationMs}/{@code waveform} (64 peaks 0–100) for audio the
 * server could read; null otherwise.
 */
public record MediaRef(String mediaId, String mime, long size, String url, String thumbnailUrl, String thumbnail,
                       String thumbnailReason, Integer width, Integer height, Long durationMs, List<Integer> waveform) {}
