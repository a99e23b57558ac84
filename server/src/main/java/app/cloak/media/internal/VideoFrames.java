package app.cloak.media.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Video thumbnails through an installed {@code ffmpeg}: one frame, scaled to fit the thumbnail edge, as JPEG on
 * stdout, and the duration ffmpeg reports for the input. Whether ffmpeg is there is checked once
 * ({@code ffmpeg -version}); without it video uploads get no thumbnail and the API says
 * {@code "thumbnail":"unavailable","thumbnailReason":"ffmpeg_not_installed"}.
 */
final class VideoFrames {
    private static final Logger log = LoggerFactory.getLogger(VideoFrames.class);
    static final String NOT_INSTALLED = "ffmpeg_not_installed";
    /** What ffmpeg prints about its input: "Duration: 00:01:02.50" (or "N/A" when the container does not say). */
    private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d{2}):(\\d{2})\\.(\\d{1,3})");
    private static final int MAX_LOG = 64 * 1024;

    /** A frame (JPEG; null when ffmpeg could not take one) and the duration, when ffmpeg could tell it. */
    record Frame(byte[] jpeg, Long durationMs) {}

    private final String ffmpeg;
    private final boolean available;

    VideoFrames(String ffmpeg) {
        this.ffmpeg = ffmpeg;
        this.available = probe(ffmpeg);
        if (!available) log.info("No ffmpeg at '{}': video uploads get no thumbnail, AAC/Vorbis audio no waveform", ffmpeg);
    }

    boolean available() {
        return available;
    }

    /**
     * The command that takes one frame of {@code video} ({@code seek}: 1 s in, past a fade-in; otherwise the first)
     * and writes a JPEG thumbnail to stdout. Log level info: the input's duration goes to stderr.
     */
    List<String> command(Path video, boolean seek) {
        var command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "info", "-nostdin"));
        if (seek) command.addAll(List.of("-ss", "1"));
        command.addAll(List.of("-i", video.toString(),
                "-frames:v", "1", "-map_metadata", "-1",
                "-vf", "scale='min(" + ImageThumbnails.EDGE + ",iw)':'min(" + ImageThumbnails.EDGE + ",ih)':force_original_aspect_ratio=decrease",
                "-f", "image2", "-c:v", "mjpeg", "-q:v", "5", "pipe:1"));
        return command;
    }

    /**
     * A JPEG frame of the video in {@code video} (1 s in; the first frame for a video shorter than that) and its
     * duration; null when ffmpeg is missing.
     */
    Frame frame(Path video) {
        if (!available) return null;
        Run seeked = run(command(video, true));
        if (seeked.jpeg != null || seeked.failed) return new Frame(seeked.jpeg, seeked.durationMs);
        Run first = run(command(video, false)); // ffmpeg succeeded with no frame: the video ends before 1 s
        return new Frame(first.jpeg, seeked.durationMs != null ? seeked.durationMs : first.durationMs);
    }

    /** {@code failed}: ffmpeg could not be run or did not exit 0 in time (no point trying again). */
    private record Run(byte[] jpeg, Long durationMs, boolean failed) {}

    private Run run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            var err = new ByteArrayOutputStream();
            Thread drain = Thread.ofVirtual().start(() -> {
                try (InputStream in = p.getErrorStream()) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (err) {
                            if (err.size() < MAX_LOG) err.write(buffer, 0, Math.min(n, MAX_LOG - err.size()));
                        }
                    }
                } catch (IOException ignored) {
                    // the process went away; what was read is enough
                }
            });
            var out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(null, null, true);
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
            String log;
            synchronized (err) {
                log = err.toString(StandardCharsets.UTF_8);
            }
            boolean ok = p.exitValue() == 0;
            return new Run(ok && out.size() > 0 ? out.toByteArray() : null, durationMs(log), !ok);
        } catch (IOException e) {
            return new Run(null, null, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(null, null, true);
        }
    }

    /** The input duration in ffmpeg's log, in ms; null when absent ("N/A"). */
    static Long durationMs(String ffmpegLog) {
        var m = DURATION.matcher(ffmpegLog);
        if (!m.find()) return null;
        String fraction = (m.group(4) + "00").substring(0, 3);
        return ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3))) * 1000
                + Long.parseLong(fraction);
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
