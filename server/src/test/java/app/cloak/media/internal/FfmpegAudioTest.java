package app.cloak.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ffmpeg fallback for audio the pure-Java decoders cannot decode, when ffmpeg is missing or misbehaves: the
 * answer stays {@code waveform_unsupported_codec} (with its duration), the upload's temp copy is gone afterwards,
 * and a hanging ffmpeg is killed at the time-out. Stand-in "ffmpeg"s are shell scripts that note their arguments
 * (the temp file's path follows {@code -i}). Real decoding: {@code FfmpegVoiceNoteApiTest}.
 */
class FfmpegAudioTest {
    private static final AudioSummary.Result VORBIS = new AudioSummary.Result(2000L, null, AudioSummary.UNSUPPORTED_CODEC);
    private static final AudioSummary.Source FILE = () -> new ByteArrayInputStream(new byte[] {'O', 'g', 'g', 'S', 1, 2, 3});

    @TempDir
    Path dir;

    /** A stand-in ffmpeg: writes its arguments, one a line, to {@code args} (and its pid to {@code pid}), then {@code then}. */
    private Path script(String then) throws Exception {
        Path script = dir.resolve("ffmpeg");
        Files.writeString(script, "#!/bin/sh\necho $$ > '" + dir.resolve("pid") + "'\nfor a in \"$@\"; do echo \"$a\"; done > '"
                + dir.resolve("args") + "'\n" + then + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** The temp file the stand-in was given. */
    private Path tempFileGiven() throws Exception {
        List<String> args = Files.readAllLines(dir.resolve("args"), StandardCharsets.UTF_8);
        return Path.of(args.get(args.indexOf("-i") + 1));
    }

    @Test
    void withoutFfmpegTheAnswerStaysUnsupportedCodec() {
        assertThat(new FfmpegAudio("/nonexistent/ffmpeg", false).summary(VORBIS, FILE)).isSameAs(VORBIS);
        // Said to be there but missing after all: starting it fails, the answer stays.
        assertThat(new FfmpegAudio("/nonexistent/ffmpeg", true).summary(VORBIS, FILE)).isSameAs(VORBIS);
    }

    @Test
    void anFfmpegThatFailsOrGivesNoSamplesLeavesTheAnswerAndNoTempFile() throws Exception {
        for (String then : List.of("echo 'Invalid data found when processing input' >&2; exit 1", "exit 0", "printf 'xyz'; exit 3")) {
            var audio = new FfmpegAudio(script(then).toString(), true);
            assertThat(audio.summary(VORBIS, FILE)).as(then).isSameAs(VORBIS);
            Path given = tempFileGiven();
            assertThat(given.getFileName().toString()).startsWith("cloak-audio");
            assertThat(given).doesNotExist();
            Files.delete(dir.resolve("args"));
        }
    }

    @Test
    void aHangingFfmpegIsKilledAtTheTimeOutAndTheAnswerStays() throws Exception {
        var audio = new FfmpegAudio(script("exec sleep 60").toString(), true, Duration.ofMillis(500));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(audio.summary(VORBIS, FILE)).isSameAs(VORBIS));
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        var process = ProcessHandle.of(pid);
        if (process.isPresent()) process.get().onExit().get(); // reaped: gone
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(tempFileGiven()).doesNotExist();
    }

    @Test
    void onlyUnsupportedCodecsGoToFfmpegAndAKnownLongFileIsTooLongWithoutDecoding() throws Exception {
        var audio = new FfmpegAudio(script("exit 1").toString(), true);
        for (var known : List.of(AudioSummary.Result.UNDECODABLE, new AudioSummary.Result(1000L, new int[64], null),
                new AudioSummary.Result(400_000L, null, AudioSummary.TOO_LONG))) {
            assertThat(audio.summary(known, FILE)).isSameAs(known);
        }
        var tooLong = audio.summary(new AudioSummary.Result(300_001L, null, AudioSummary.UNSUPPORTED_CODEC), FILE);
        assertThat(tooLong.durationMs()).isEqualTo(300_001L);
        assertThat(tooLong.waveform()).isNull();
        assertThat(tooLong.waveformUnavailableReason()).isEqualTo("too_long");
        assertThat(dir.resolve("args")).doesNotExist(); // never started
    }

    @Test
    void theCommandDecodesTheFirstAudioStreamToMonoPcmAt8kHzForAtMostFiveMinutes() {
        assertThat(new FfmpegAudio("/usr/bin/ffmpeg", true).command(Path.of("/tmp/cloak-audio1.bin"))).containsExactly(
                "/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", "/tmp/cloak-audio1.bin",
                "-map", "0:a:0", "-t", "300", "-ac", "1", "-ar", "8000", "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1");
    }
}
