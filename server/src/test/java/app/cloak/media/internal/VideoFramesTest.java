package app.cloak.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ffmpeg path: detection and the skip with a missing binary, and real frames from videos ffmpeg itself makes.
 * ffmpeg must be installed for this class ({@code .ci/run} installs Debian's package): without it the real-frame tests
 * fail rather than pass without having run; the "no ffmpeg" path is what the first two tests (and the API tests,
 * which point {@code cloak.media.ffmpeg} at a missing binary) check.
 */
class VideoFramesTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFfmpegIsDetectedAndTheFrameIsSkipped() {
        var frames = new VideoFrames("/nonexistent/bin/ffmpeg");
        assertThat(frames.available()).isFalse();
        assertThat(frames.frame(Path.of("/tmp/whatever.mp4"))).isNull();
    }

    @Test
    void aBinaryThatIsNotFfmpegCountsAsMissing() {
        assertThat(new VideoFrames("false").available()).isFalse(); // exits 1 for "-version"
    }

    @Test
    void theCommandTakesOneFrameWithoutMetadataScaledToTheThumbnailEdgeAsJpegOnStdout() {
        var command = new VideoFrames("/opt/ffmpeg/bin/ffmpeg").command(Path.of("/tmp/cloak-video123.bin"), true);
        assertThat(command).containsExactly("/opt/ffmpeg/bin/ffmpeg", "-hide_banner", "-loglevel", "info", "-nostdin",
                "-ss", "1", "-i", "/tmp/cloak-video123.bin",
                "-frames:v", "1", "-map_metadata", "-1",
                "-vf", "scale='min(320,iw)':'min(320,ih)':force_original_aspect_ratio=decrease",
                "-f", "image2", "-c:v", "mjpeg", "-q:v", "5", "pipe:1");
        assertThat(new VideoFrames("ffmpeg").command(Path.of("/v"), false)).doesNotContain("-ss");
    }

    @Test
    void theDurationIsReadFromFfmpegsLog() {
        assertThat(VideoFrames.durationMs("Input #0 ...\n  Duration: 00:01:02.50, start: 0.000000, bitrate: 37 kb/s")).isEqualTo(62_500L);
        assertThat(VideoFrames.durationMs("  Duration: 01:00:00.04, start")).isEqualTo(3_600_040L);
        assertThat(VideoFrames.durationMs("  Duration: N/A, start: -0.007000, bitrate: N/A")).isNull();
    }

    /** A test-pattern video made by ffmpeg (H.264 in MP4, or VP8 in WebM). */
    static Path video(Path dir, String name, String codec, double seconds, String size) throws Exception {
        Path out = dir.resolve(name);
        var p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc=duration=" + seconds + ":size=" + size + ":rate=10",
                "-pix_fmt", "yuv420p", "-c:v", codec, out.toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffmpeg made " + name).isZero();
        return out;
    }

    @Test
    void realFramesFromMp4AndWebmWithTheirDurationsAndTheFirstFrameOfAClipShorterThanTheSeek() throws Exception {
        var frames = new VideoFrames("ffmpeg");
        assertThat(frames.available()).as("ffmpeg must be installed for this test (.ci/run installs it)").isTrue();
        for (var v : List.of(video(dir, "t.mp4", "libx264", 2, "640x360"), video(dir, "t.webm", "libvpx", 2, "640x360"),
                video(dir, "short.mp4", "libx264", 0.5, "160x90"))) {
            var frame = frames.frame(v);
            assertThat(frame.jpeg()).as(v.getFileName().toString()).isNotNull();
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(frame.jpeg()));
            boolean small = v.getFileName().toString().startsWith("short");
            assertThat(img.getWidth()).isEqualTo(small ? 160 : 320);
            assertThat(img.getHeight()).isEqualTo(small ? 90 : 180);
            assertThat(frame.durationMs()).isBetween(small ? 400L : 1900L, small ? 600L : 2100L);
        }
        Path garbage = Files.write(dir.resolve("garbage.mp4"), new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 1, 2, 3});
        assertThat(frames.frame(garbage).jpeg()).isNull();
    }
}
