package app.cloak.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.cloak.CloakApplication;
import app.cloak.platform.eventbus.NatsSettings;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.nats.NatsSignalBus;
import app.cloak.testing.Api;
import app.cloak.testing.SmsGatewayStandIn;
import io.nats.client.Connection;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A node in cluster mode ({@code CLOAK_NATS_URL} set): messages reach the search index through the outbox,
 * JetStream and the "search" durable consumer, asynchronously, so the test polls (bounded) for the hit.
 * Its own context, data directory and NATS namespace: nothing is shared with the embedded-mode tests
 * (ApiTestBase's contexts share one data directory, hence not extended here).
 */
@SpringBootTest(classes = CloakApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // nobody else uses this context: close it (and its NATS consumers) right after the class
class SearchOverNatsApiTest {
    private static final SmsGatewayStandIn SMS = SmsGatewayStandIn.start();
    private static final String NAMESPACE = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @DynamicPropertySource
    static void clusterMode(DynamicPropertyRegistry registry) throws Exception {
        var dir = Files.createTempDirectory("cloak-nats-test-");
        registry.add("cloak.data-dir", dir::toString);
        registry.add("cloak.otp.sender", () -> "http");
        registry.add("cloak.otp.http-url", () -> SMS.url().toString());
        registry.add("cloak.nats.url", () -> System.getenv().getOrDefault("CLOAK_TEST_NATS_URL", "nats://127.0.0.1:4222"));
        registry.add("cloak.nats.namespace", () -> NAMESPACE);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NatsSettings nats;
    @Autowired
    SignalBus signals;

    @AfterAll
    static void cleanUp(@Autowired Connection connection) throws Exception {
        connection.jetStreamManagement().deleteStream(NAMESPACE.toUpperCase() + "_EVENTS");
        SMS.close();
    }

    @Test
    void a_sent_message_becomes_findable_through_jetstream() {
        assertThat(nats.namespace()).isEqualTo(NAMESPACE);
        assertThat(signals).isInstanceOf(NatsSignalBus.class);
        Api alice = signIn("+1555" + (7_000_000 + (int) (Math.random() * 999_999)));
        Api bob = signIn("+1555" + (8_000_000 + (int) (Math.random() * 999_999)));
        String bobId = bob.get("/api/v1/me").body().get("userId").asString();
        var chat = alice.post("/api/v1/chats", Map.of("type", "direct", "userId", bobId));
        assertThat(chat.status()).as(chat.raw()).isIn(200, 201);
        String chatId = chat.body().get("chatId").asString();
        String word = "zqnats" + UUID.randomUUID().toString().replaceAll("[^a-z]", "");
        var sent = bob.post("/api/v1/chats/" + chatId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "text", "text", "meet at the " + word));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        String messageId = sent.body().get("messageId").asString();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var r = alice.get("/api/v1/search?q=" + word);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(StreamSupport.stream(r.body().get("hits").spliterator(), false)
                    .map(h -> h.get("message").get("messageId").asString())).containsExactly(messageId);
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM event_outbox").query(Long.class).single() == 0);
    }

    private Api signIn(String phone) {
        Api anonymous = new Api(URI.create("http://127.0.0.1:" + port), null);
        assertThat(anonymous.post("/api/v1/auth/otp", Map.of("phone", phone)).status()).isEqualTo(202);
        var verified = anonymous.post("/api/v1/auth/verify",
                Map.of("phone", phone, "code", SMS.lastCodeFor(phone), "deviceName", "test-device"));
        assertThat(verified.status()).as(verified.raw()).isEqualTo(200);
        return anonymous.as(verified.body().get("accessToken").asString());
    }
}
