package app.cloak.media;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Video thumbnails for real: this context uses the machine's ffmpeg (the shared API-test context points
 * {@code cloak.media.ffmpeg} at a missing binary to check the "unavailable" answer). ffmpeg must be installed
 * ({@code .ci/run} installs it): without it these tests fail, they do not pass unrun.
 */
class VideoThumbnailsApiTest extends ApiTestBase {
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void realFfmpeg(DynamicPropertyRegistry registry) {
        registry.add("cloak.test.ffmpeg", () -> "ffmpeg"); // ApiTestBase: cloak.media.ffmpeg=${cloak.test.ffmpeg:…}
    }

    private static byte[] video(String name, String codec, double seconds) throws Exception {
        Path out = dir.resolve(name);
        var p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc=duration=" + seconds + ":size=640x360:rate=10",
                "-pix_fmt", "yuv420p", "-c:v", codec, out.toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffmpeg (must be installed) made " + name).isZero();
        return Files.readAllBytes(out);
    }

    private JsonNode upload(Session s, byte[] content) {
        var r = MediaApiTest.upload(port, s, content, "v", "application/octet-stream");
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return r.json();
    }

    private byte[] get(String url) {
        var r = MediaApiTest.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url)).GET().build());
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    @Test
    void mp4AndWebmUploadsGetAThumbnailAndTheirDurationAndRecipientsSeeBoth() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String chat = directChat(alice, bob);
        for (var sample : Map.of("video/mp4", video("clip.mp4", "libx264", 2), "video/webm", video("clip.webm", "libvpx", 2)).entrySet()) {
            JsonNode up = upload(alice, sample.getValue());
            assertThat(up.get("mime").asString()).isEqualTo(sample.getKey());
            assertThat(up.get("thumbnail").asString()).as(sample.getKey()).isEqualTo("ready");
            assertThat(up.has("thumbnailReason")).isFalse();
            assertThat(up.get("durationMs").asLong()).isBetween(1900L, 2100L);

            var sent = alice.api().post("/api/v1/chats/" + chat + "/messages",
                    Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "video", "mediaId", up.get("mediaId").asString()));
            assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
            JsonNode media = null;
            for (JsonNode m : bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")) {
                if (m.get("messageId").asString().equals(sent.body().get("messageId").asString())) media = m.get("media");
            }
            assertThat(media).isNotNull();
            assertThat(media.get("thumbnail").asString()).isEqualTo("ready");
            assertThat(media.get("durationMs").asLong()).isEqualTo(up.get("durationMs").asLong());
            BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(get(media.get("thumbnailUrl").asString())));
            assertThat(thumb.getWidth()).isEqualTo(320);
            assertThat(thumb.getHeight()).isEqualTo(180);
            assertThat(get(media.get("url").asString())).isEqualTo(sample.getValue());
        }
    }

    @Test
    void aVideoFfmpegCannotDecodeSaysUndecodable() {
        byte[] notReally = MediaApiTest.SAMPLES.get("video/mp4"); // "ftyp" and noise
        JsonNode up = upload(signUp("Alice"), notReally);
        assertThat(up.get("thumbnail").asString()).isEqualTo("unavailable");
        assertThat(up.get("thumbnailReason").asString()).isEqualTo("undecodable");
        assertThat(up.get("thumbnailUrl").isNull()).isTrue();
    }
}
