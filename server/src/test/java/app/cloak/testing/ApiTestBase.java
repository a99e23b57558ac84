package app.cloak.testing;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.CloakApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base for API tests over real HTTP against the whole server on a random port, with the embedded
 * defaults (SQLite in a temp data dir). OTP codes go through the real http sender to a local SMS
 * gateway stand-in. All subclasses share one application context.
 */
@SpringBootTest(classes = CloakApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestBase {
    protected static final SmsGatewayStandIn SMS = SmsGatewayStandIn.start();
    private static final Path DATA_DIR = tempDir();
    private static final AtomicLong PHONES = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    @LocalServerPort
    protected int port;

    @Autowired
    protected org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @DynamicPropertySource
    static void cloakProperties(DynamicPropertyRegistry registry) {
        registry.add("cloak.data-dir", DATA_DIR::toString);
        registry.add("cloak.otp.sender", () -> "http");
        registry.add("cloak.otp.http-url", () -> SMS.url().toString());
        // Every test signs up from 127.0.0.1; the per-IP limits have their own test with a fresh key.
        registry.add("cloak.otp.per-ip-per-hour", () -> "100000");
        registry.add("cloak.otp.verify-per-ip-per-hour", () -> "100000");
        // Short gateway timers so typing auto-stop, idle reaping and sync paging show within a test.
        registry.add("cloak.gateway.typing-timeout", () -> "PT1S");
        registry.add("cloak.gateway.ping-interval", () -> "PT1S");
        registry.add("cloak.gateway.idle-timeout", () -> "PT4S");
        registry.add("cloak.gateway.sync-page-size", () -> "50");
        // A small image limit so the 413 test uploads 70 KiB, not 16 MiB; other types keep their defaults.
        registry.add("cloak.media.max-image-bytes", () -> "65536");
        // No ffmpeg, whatever the machine has: the API must say so (the video-thumbnail skip path, deterministic).
        // A test class that wants the real one registers cloak.test.ffmpeg (a second registration of this key would
        // lose: the base class's dynamic properties are registered after the subclass's).
        registry.add("cloak.media.ffmpeg", () -> "${cloak.test.ffmpeg:/nonexistent/ffmpeg}");
        // Push: the stand-in push service speaks plain http on loopback; short batch window and retry delay.
        registry.add("cloak.push.allow-insecure-endpoints", () -> "true");
        registry.add("cloak.push.batch-window", () -> "PT1S");
        registry.add("cloak.push.retry-delay", () -> "PT0.2S");
        // The conversation reader refuses zips with more entries than this (300 in its test, not 20,001).
        registry.add("cloak.archives.max-entries", () -> "200");
        // WhatsApp bridge: quick retries so backoff shows within a test (base 200 ms, then 800 ms, ...).
        registry.add("cloak.bridge.worker-period", () -> "PT0.5S");
        registry.add("cloak.bridge.retry-base", () -> "PT0.2S");
    }

    public record Session(String userId, String deviceId, String accessToken, String refreshToken, String phone, Api api) {}

    /** The data directory this context runs on (SQLite file, generated secrets). */
    protected static Path dataDir() {
        return DATA_DIR;
    }

    /** A WebSocket for the session's device. */
    protected app.cloak.testing.WsClient ws(Session s) {
        return app.cloak.testing.WsClient.connect(port, s.accessToken());
    }

    protected Api anonymous() {
        return new Api(URI.create("http://127.0.0.1:" + port), null);
    }

    protected static String newPhone() {
        return "+1555" + String.format("%07d", PHONES.incrementAndGet() % 10_000_000L);
    }

    protected Session signUp(String displayName) {
        return signIn(newPhone(), displayName, "test-device");
    }

    protected Session signIn(String phone, String displayName, String deviceName) {
        Api api = anonymous();
        assertThat(api.post("/api/v1/auth/otp", Map.of("phone", phone)).status()).isEqualTo(202);
        var verified = api.post("/api/v1/auth/verify",
                Map.of("phone", phone, "code", SMS.lastCodeFor(phone), "deviceName", deviceName));
        assertThat(verified.status()).as(verified.raw()).isEqualTo(200);
        JsonNode b = verified.body();
        Session session = new Session(b.get("userId").asString(), b.get("deviceId").asString(),
                b.get("accessToken").asString(), b.get("refreshToken").asString(), phone, api.as(b.get("accessToken").asString()));
        if (displayName != null) session.api().patch("/api/v1/me", Map.of("displayName", displayName));
        return session;
    }

    /** The direct chat between two users (created or existing). */
    protected String directChat(Session a, Session b) {
        var r = a.api().post("/api/v1/chats", Map.of("type", "direct", "userId", b.userId()));
        assertThat(r.status()).as(r.raw()).isIn(200, 201);
        return r.body().get("chatId").asString();
    }

    /** A new group chat named {@code name} of its owner and the members (asserts 201). */
    protected String groupChat(Session owner, String name, Session... members) {
        var r = owner.api().post("/api/v1/chats", Map.of("type", "group", "name", name,
                "memberIds", java.util.Arrays.stream(members).map(Session::userId).toList()));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("chatId").asString();
    }

    /** Sends a text with a fresh clientMsgId and returns the stored message (asserts 201). */
    protected JsonNode sendText(Session s, String chatId, String text) {
        var r = s.api().post("/api/v1/chats/" + chatId + "/messages",
                Map.of("clientMsgId", java.util.UUID.randomUUID().toString(), "type", "text", "text", text));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    /**
     * Waits (10 s at most) until every durable event committed before this call has been handled (search
     * re-indexing an edit, push): consumers run on the outbox relay thread after the commit, not before the API call
     * returns. Rows that already failed once (attempts &gt; 0) wait for their retry and are not waited for.
     */
    protected void awaitEventsHandled() {
        long upTo = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM event_outbox").query(Long.class).single();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM event_outbox WHERE id <= ? AND attempts = 0")
                        .param(upTo).query(Long.class).single() == 0);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("cloak-api-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
