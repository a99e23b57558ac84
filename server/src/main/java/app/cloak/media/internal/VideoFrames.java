package app.cloak.media.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Video thumbnails through an installed {@code ffmpeg}: one frame, scaled to fit the thumbnail edge, as JPEG on
 * stdout. Whether ffmpeg is there is checked once ({@code ffmpeg -version}); without it video uploads get no
 * thumbnail and the API says {@code "thumbnail":"unavailable","thumbnailReason":"ffmpeg_not_installed"}.
 */
final class VideoFrames {
    private static final Logger log = LoggerFactory.getLogger(VideoFrames.class);
    static final String NOT_INSTALLED = "ffmpeg_not_installed";

    private final String ffmpeg;
    private final boolean available;

    VideoFrames(String ffmpeg) {
        this.ffmpeg = ffmpeg;
        this.available = probe(ffmpeg);
        if (!available) log.info("No ffmpeg at '{}': video uploads get no thumbnail", ffmpeg);
    }

    boolean available() {
        return available;
    }

    /** The command that takes one frame of {@code video} (1 s in, or the first) and writes a JPEG thumbnail to stdout. */
    List<String> command(Path video) {
        return List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin",
                "-ss", "1", "-i", video.toString(),
                "-frames:v", "1", "-map_metadata", "-1",
                "-vf", "scale='min(" + ImageThumbnails.EDGE + ",iw)':'min(" + ImageThumbnails.EDGE + ",ih)':force_original_aspect_ratio=decrease",
                "-f", "image2", "-c:v", "mjpeg", "-q:v", "5", "pipe:1");
    }

    /** A JPEG frame of the video in {@code file}, or null when ffmpeg is missing or fails. */
    byte[] frame(Path video) {
        if (!available) return null;
        try {
            Process p = new ProcessBuilder(command(video)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            var out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && out.size() > 0 ? out.toByteArray() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean probe(String ffmpeg) {
        try {
            Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
