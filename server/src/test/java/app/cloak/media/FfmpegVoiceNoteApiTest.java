package app.cloak.media;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Voice notes in the codecs no pure-Java decoder here reads (AAC in M4A, what Safari records; Vorbis in Ogg) get
 * their waveform through the machine's ffmpeg: recordings made by ffmpeg here (1 s of a loud tone, then 1 s of
 * silence) are uploaded through {@code POST /api/v1/media} and sent as voice notes; the upload answer and the
 * recipient's copy carry the duration and 64 bars, high for the tone and low for the silence. Like
 * {@link VideoThumbnailsApiTest} this context uses the real ffmpeg (the shared one points at a missing binary, where
 * these files say {@code waveform_unsupported_codec}); without ffmpeg installed these tests fail, they do not pass unrun.
 */
class FfmpegVoiceNoteApiTest extends ApiTestBase {
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void realFfmpeg(DynamicPropertyRegistry registry) {
        registry.add("cloak.test.ffmpeg", () -> "ffmpeg"); // ApiTestBase: cloak.media.ffmpeg=${cloak.test.ffmpeg:…}
    }

    private static String ffmpeg(List<String> args) throws Exception {
        var command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin"));
        command.addAll(args);
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffmpeg (must be installed) " + args + ": " + out).isZero();
        return out;
    }

    /** 1 s of a 440 Hz tone at 90 % of full scale, then 1 s of silence, encoded by ffmpeg with {@code codec}. */
    private static byte[] toneThenSilence(String name, List<String> codec) throws Exception {
        Path out = dir.resolve(name);
        var args = new ArrayList<>(List.of("-v", "error", "-y", "-f", "lavfi",
                "-i", "aevalsrc='if(lt(t,1),0.9*sin(2*PI*440*t),0)':s=48000:d=2"));
        args.addAll(codec);
        args.add(out.toString());
        ffmpeg(args);
        return Files.readAllBytes(out);
    }

    /** libvorbis where ffmpeg has it (Debian's does); otherwise ffmpeg's own experimental encoder (stereo only). */
    private static List<String> vorbis() throws Exception {
        return ffmpeg(List.of("-encoders")).contains(" libvorbis ") ? List.of("-c:a", "libvorbis")
                : List.of("-c:a", "vorbis", "-strict", "-2", "-ac", "2");
    }

    private MediaApiTest.Reply upload(Session s, byte[] content) {
        return MediaApiTest.upload(port, s, content, "voice", "application/octet-stream");
    }

    private static void toneThenSilence(JsonNode media, String mime) {
        assertThat(media.has("waveformReason") && !media.get("waveformReason").isNull()).as(media.toString()).isFalse();
        VoiceNoteApiTest.toneThenSilence(media, mime, 2020, 40); // AAC: priming and padding, ~20 ms
    }

    @Test
    void aacInM4aAndVorbisInOggVoiceNotesGetAWaveformThatFollowsTheSignal() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String chat = directChat(alice, bob);
        var files = Map.of("audio/mp4", toneThenSilence("note.m4a", List.of("-c:a", "aac")),
                "audio/ogg", toneThenSilence("note.ogg", vorbis()));
        for (var file : files.entrySet()) {
            var up = upload(alice, file.getValue());
            assertThat(up.status()).as(new String(up.body(), StandardCharsets.UTF_8)).isEqualTo(201);
            JsonNode answer = up.json();
            assertThat(answer.get("type").asString()).isEqualTo("audio");
            toneThenSilence(answer, file.getKey());

            var sent = alice.api().post("/api/v1/chats/" + chat + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(),
                    "type", "voice", "mediaId", answer.get("mediaId").asString()));
            assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
            JsonNode media = null;
            for (JsonNode m : bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")) {
                if (m.get("messageId").asString().equals(sent.body().get("messageId").asString())) media = m.get("media");
            }
            assertThat(media).as("bob sees the voice note").isNotNull();
            toneThenSilence(media, file.getKey());
            assertThat(media.get("durationMs").asLong()).isEqualTo(answer.get("durationMs").asLong());
            assertThat(media.get("waveform")).isEqualTo(answer.get("waveform"));
        }
    }

    @Test
    void aVorbisFileFfmpegRefusesKeepsItsDurationAndSaysUnsupportedCodec() throws Exception {
        // The page with the comment and setup headers is garbled: the pure-Java reader (no CRC check) still finds
        // the identification header and the last granule position, ffmpeg gives up (CRC mismatch).
        byte[] ogg = toneThenSilence("broken.ogg", vorbis());
        int second = indexOf(ogg, "OggS", 4);
        int third = indexOf(ogg, "OggS", second + 4);
        for (int i = second + 100; i < third - 100; i++) ogg[i] ^= 0x5A; // inside the packets, not the page header
        var up = upload(signUp("Alice"), ogg);
        assertThat(up.status()).as(new String(up.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        JsonNode answer = up.json();
        assertThat(answer.get("mime").asString()).isEqualTo("audio/ogg");
        assertThat(answer.get("durationMs").asLong()).isEqualTo(2000);
        assertThat(answer.get("waveformReason").asString()).isEqualTo("waveform_unsupported_codec");
        assertThat(answer.has("waveform")).isFalse();
    }

    private static int indexOf(byte[] data, String ascii, int from) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i + needle.length <= data.length; i++) {
            for (int k = 0; k < needle.length; k++) if (data[i + k] != needle[k]) continue outer;
            return i;
        }
        throw new AssertionError(ascii + " not found");
    }
}
