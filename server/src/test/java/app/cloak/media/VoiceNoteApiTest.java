package app.cloak.media;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.media.internal.AudioFixtures;
import app.cloak.testing.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Voice notes as a user meets them: upload a real recording (made here: 1 s of a loud tone, then 1 s of silence)
 * through {@code POST /api/v1/media}, send it as a voice message, and read what the recipient's copy says: a
 * duration and a 64-bar waveform that is high for the tone and low for the silence, for every container and codec
 * a recorder writes; a broken file is still a voice note, just without them.
 */
class VoiceNoteApiTest extends ApiTestBase {
    private static final AudioFixtures.Opus OPUS = AudioFixtures.opus(AudioFixtures.toneThenSilence(48_000, 1, 1000, 1000), 1);

    private MediaApiTest.Reply upload(Session s, byte[] content) {
        return MediaApiTest.upload(port, s, content, "voice", "application/octet-stream");
    }

    /** Uploads, sends as a voice note from alice to bob, and returns {upload answer, bob's copy's media}. */
    private JsonNode[] sendVoiceNote(Session alice, Session bob, byte[] file) {
        var up = upload(alice, file);
        assertThat(up.status()).as(new String(up.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        String chat = directChat(alice, bob);
        var sent = alice.api().post("/api/v1/chats/" + chat + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(),
                "type", "voice", "mediaId", up.json().get("mediaId").asString()));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        String messageId = sent.body().get("messageId").asString();
        for (JsonNode m : bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")) {
            if (m.get("messageId").asString().equals(messageId)) return new JsonNode[] {up.json(), m.get("media")};
        }
        throw new AssertionError("bob does not see the voice note");
    }

    /** One second of tone then one of silence: its duration, and high bars then low ones (also the ffmpeg tests'). */
    static void toneThenSilence(JsonNode media, String mime, long expectedMs, long toleranceMs) {
        assertThat(media.get("mime").asString()).isEqualTo(mime);
        assertThat(media.get("durationMs").asLong()).isBetween(expectedMs - toleranceMs, expectedMs + toleranceMs);
        JsonNode waveform = media.get("waveform");
        assertThat(waveform.size()).isEqualTo(64);
        int[] bars = new int[64];
        for (int i = 0; i < 64; i++) bars[i] = waveform.get(i).asInt();
        for (int i = 1; i < 29; i++) assertThat(bars[i]).as("bar %d of %s", i, Arrays.toString(bars)).isBetween(55, 100);
        for (int i = 36; i < 64; i++) assertThat(bars[i]).as("bar %d of %s", i, Arrays.toString(bars)).isLessThanOrEqualTo(3);
    }

    @Test
    void everyRecorderFormatArrivesWithItsDurationAndWaveform() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        record Case(String mime, byte[] file, long expectedMs, long toleranceMs) {}
        var cases = new Case[] {
                new Case("audio/ogg", AudioFixtures.ogg(OPUS, 20), 2000, 0), // Firefox's MediaRecorder
                new Case("audio/mp4", AudioFixtures.m4a(OPUS, true), 2000, 20), // Chromium's audio/mp4 (Opus), as the web client sends it
                new Case("audio/webm", AudioFixtures.webm(OPUS), 2000, 20), // audio/webm;codecs=opus, other clients
                new Case("audio/mpeg", AudioFixtures.mp3(AudioFixtures.toneThenSilence(44_100, 1, 1000, 1000), 44_100, 1), 2030, 60)};
        for (Case c : cases) {
            JsonNode[] seen = sendVoiceNote(alice, bob, c.file());
            assertThat(seen[0].get("type").asString()).isEqualTo("audio");
            assertThat(seen[0].has("waveformReason")).as(c.mime() + " " + seen[0]).isFalse();
            toneThenSilence(seen[0], c.mime(), c.expectedMs(), c.toleranceMs()); // the uploader's answer
            toneThenSilence(seen[1], c.mime(), c.expectedMs(), c.toleranceMs()); // the recipient's message
            assertThat(seen[1].get("durationMs").asLong()).isEqualTo(seen[0].get("durationMs").asLong());
            assertThat(seen[1].get("waveform")).isEqualTo(seen[0].get("waveform"));
        }
    }

    @Test
    void aBrokenRecordingIsStillAVoiceNoteJustWithoutDurationOrWaveform() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        byte[] m4a = AudioFixtures.m4a(OPUS, true);
        byte[] noise = new byte[30_000];
        new java.util.Random(3).nextBytes(noise);
        System.arraycopy(m4a, 0, noise, 0, 24); // the ftyp box: sniffed as M4A, the rest is noise
        JsonNode[] seen = sendVoiceNote(alice, bob, noise);
        assertThat(seen[0].get("mime").asString()).isEqualTo("audio/mp4");
        assertThat(seen[0].get("waveformReason").asString()).isEqualTo("undecodable");
        assertThat(seen[0].has("durationMs")).isFalse();
        assertThat(seen[0].has("waveform")).isFalse();
        assertThat(seen[1].has("durationMs")).isFalse();
        assertThat(seen[1].has("waveform") && !seen[1].get("waveform").isNull()).isFalse();
        assertThat(seen[1].get("url").asString()).startsWith("/api/v1/media/");

        // Cut in the middle of its audio: what is there still counts.
        JsonNode[] cut = sendVoiceNote(alice, bob, Arrays.copyOf(AudioFixtures.ogg(OPUS, 20), 9_000));
        assertThat(cut[1].get("mime").asString()).isEqualTo("audio/ogg");
        assertThat(cut[0].has("waveformReason")).as(cut[0].toString()).isFalse();
        assertThat(cut[1].get("waveform").size()).isEqualTo(64);
    }
}
