package app.cloak.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The ffmpeg path as far as it can be checked without ffmpeg (this machine has none): detection, the skip, and the
 * exact command a video thumbnail would run. The frame extraction itself is not exercised here.
 */
class VideoFramesTest {
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
        var command = new VideoFrames("/opt/ffmpeg/bin/ffmpeg").command(Path.of("/tmp/cloak-video123.bin"));
        assertThat(command).containsExactly("/opt/ffmpeg/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-ss", "1", "-i", "/tmp/cloak-video123.bin",
                "-frames:v", "1", "-map_metadata", "-1",
                "-vf", "scale='min(320,iw)':'min(320,ih)':force_original_aspect_ratio=decrease",
                "-f", "image2", "-c:v", "mjpeg", "-q:v", "5", "pipe:1");
    }
}
