package app.cloak.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.Api;
import app.cloak.testing.SmsGatewayStandIn;
import app.cloak.testing.TestDatabase;
import app.cloak.testing.WsClient;
import io.nats.client.Nats;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes sharing PostgreSQL and NATS, as a cluster runs: users on different nodes chat in real
 * time; a node stops mid-conversation, its clients move to the other node, sync, and no acknowledged
 * message is lost or duplicated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterTest {
    private static final String NATS_URL = System.getenv().getOrDefault("CLOAK_TEST_NATS_URL", "nats://127.0.0.1:4222");
    private static final String NAMESPACE = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final SmsGatewayStandIn SMS = SmsGatewayStandIn.start();
    private static TestDatabase schema;
    private static ClusterNode nodeA;
    private static ClusterNode nodeB;

    @BeforeAll
    static void startCluster() throws Exception {
        schema = TestDatabase.postgres();        // an empty schema with migrations applied; the nodes share it
        Path secrets = Files.createTempDirectory("cloak-cluster-");
        nodeA = new ClusterNode("node-a", schema.url(), NATS_URL, NAMESPACE, secrets, SMS.url().toString());
        nodeB = new ClusterNode("node-b", schema.url(), NATS_URL, NAMESPACE, secrets, SMS.url().toString());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
        try (var nats = Nats.connect(NATS_URL)) {
            nats.jetStreamManagement().deleteStream(NAMESPACE.toUpperCase() + "_EVENTS");
        } catch (Exception ignored) {
            // the stream may not exist if a node never started
        }
        schema.close();
        SMS.close();
    }

    record User(String userId, String token, Api api) {}

    private static User signUp(ClusterNode node) {
        String phone = "+1556" + String.format("%07d", (int) (Math.random() * 9_999_999));
        Api api = new Api(URI.create("http://127.0.0.1:" + node.port()), null);
        assertThat(api.post("/api/v1/auth/otp", Map.of("phone", phone)).status()).isEqualTo(202);
        JsonNode v = api.post("/api/v1/auth/verify", Map.of("phone", phone, "code", SMS.lastCodeFor(phone))).body();
        return new User(v.get("userId").asString(), v.get("accessToken").asString(), api.as(v.get("accessToken").asString()));
    }

    /** Cloak across nodes: a private read on node B tells node A's sender nothing; a scheduled reveal fires once. */
    @Test
    @Order(1)
    void privateReadingHoldsAcrossNodesAndAScheduledRevealFiresExactlyOnce() {
        User alice = signUp(nodeA);
        User bob = signUp(nodeB);
        String chat = alice.api().post("/api/v1/chats", Map.of("type", "direct", "userId", bob.userId())).body().get("chatId").asString();
        bob.api().put("/api/v1/chats/" + chat + "/cloak", Map.of("enabled", true));
        try (var a = WsClient.connect(nodeA.port(), alice.token()); var b = WsClient.connect(nodeB.port(), bob.token())) {
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "cl-1", "text", "read me quietly"));
            long seq = a.next("message.sent").get("seq").asLong();
            b.next("message.new");
            b.send(Map.of("type", "message.read", "chatId", chat, "upToSeq", seq));
            b.send(Map.of("type", "typing.start", "chatId", chat)).roundTrip();
            bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("afterSeconds", 1));
            JsonNode status = a.next("message.status", e -> e.get("userId").asString().equals(bob.userId()) && e.get("readSeq").asLong() > 0);
            assertThat(status.get("readSeq").asLong()).isEqualTo(seq);
            assertThat(a.all()).noneMatch(e -> e.get("type").asString().equals("typing"));
        }
        long fired = 0;
        for (JsonNode e : bob.api().get("/api/v1/audit").body().get("entries")) {
            if (e.get("action").asString().equals("reveal")) fired++;
        }
        assertThat(fired).as("fired once in the cluster, not once per node").isEqualTo(1);
    }

    /**
     * A message sent the moment the other member's socket opens (no cursor, no sync) reaches it live: the socket starts
     * at the feed's head as read before its handshake completed, and its node reads the feed once it listens for the
     * user, so a message whose poke came before that is not left for the next poke (one in five was, when the sender
     * sent as soon as the handshake completed).
     */
    @Test
    @Order(2)
    void aMessageSentAsTheOtherMembersSocketOpensOnAnotherNodeArrivesLive() {
        for (int i = 0; i < 30; i++) {
            User alice = signUp(nodeA);
            User bob = signUp(nodeB);
            String chat = alice.api().post("/api/v1/chats", Map.of("type", "direct", "userId", bob.userId())).body().get("chatId").asString();
            // connect(port, token, "") returns as the handshake completes, while the node may still be setting the socket up
            try (var a = WsClient.connect(nodeA.port(), alice.token()); var b = WsClient.connect(nodeB.port(), bob.token(), "")) {
                a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "r-" + i, "text", "as you connect " + i));
                JsonNode got = b.next("message.new", e -> true, java.time.Duration.ofSeconds(5));
                assertThat(got.get("message").get("text").asString()).isEqualTo("as you connect " + i);
            }
        }
    }

    @Test
    @Order(3)
    void usersOnDifferentNodesChatAndNothingAcknowledgedIsLostWhenANodeStops() {
        User alice = signUp(nodeA);
        User bob = signUp(nodeB);
        String chat = alice.api().post("/api/v1/chats", Map.of("type", "direct", "userId", bob.userId())).body().get("chatId").asString();

        var a = WsClient.connect(nodeA.port(), alice.token());
        try (var b = WsClient.connect(nodeB.port(), bob.token())) {
            // Presence across nodes: Bob (node B) sees Alice (node A) online.
            b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && e.get("online").asBoolean());
            a.send(Map.of("type", "sync"));
            String aliceCursor = a.next("sync.done").get("cursor").asString();

            // Typing and a message from node A reach node B in real time.
            a.send(Map.of("type", "typing.start", "chatId", chat));
            assertThat(b.next("typing").get("userId").asString()).isEqualTo(alice.userId());
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "k-0", "text", "from node A"));
            long seq = a.next("message.sent").get("seq").asLong();
            assertThat(b.next("message.new").get("message").get("text").asString()).isEqualTo("from node A");
            // Receipts from node B reach the sender on node A.
            b.send(Map.of("type", "message.read", "chatId", chat, "upToSeq", seq));
            assertThat(a.next("message.status", e -> e.get("readSeq").asLong() == seq).get("userId").asString()).isEqualTo(bob.userId());

            // Both keep sending; node A stops part-way through.
            Set<String> acked = new HashSet<>();
            List<String> bobsAcked = new ArrayList<>();
            for (int i = 1; i <= 15; i++) {
                a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "a-" + i, "text", "alice " + i));
                acked.add(a.next("message.sent").get("messageId").asString());
                b.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "b-" + i, "text", "bob " + i));
                bobsAcked.add(b.next("message.sent").get("messageId").asString());
            }
            // A reveal scheduled now must fire although node A (perhaps the one running the reveal job) stops.
            bob.api().put("/api/v1/chats/" + chat + "/cloak", Map.of("enabled", true));
            b.send(Map.of("type", "message.read", "chatId", chat)).roundTrip();
            String revealId = bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("afterSeconds", 3)).body().get("revealId").asString();
            nodeA.close();
            assertThat(a.closeCode()).isIn(1001, 1006, -1);
            for (int i = 16; i <= 30; i++) {
                b.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "b-" + i, "text", "bob " + i));
                bobsAcked.add(b.next("message.sent").get("messageId").asString());
            }

            // Alice reconnects to node B, syncs from her cursor and resends what was never acknowledged.
            try (var a2 = WsClient.connect(nodeB.port(), alice.token())) {
                a2.send(Map.of("type", "sync", "cursor", aliceCursor));
                a2.next("sync.done");
                Set<String> seenByAlice = new HashSet<>();
                a.all().stream().filter(e -> e.get("type").asString().equals("message.new"))
                        .forEach(e -> seenByAlice.add(e.get("message").get("messageId").asString()));
                a2.all().stream().filter(e -> e.get("type").asString().equals("message.new"))
                        .forEach(e -> seenByAlice.add(e.get("message").get("messageId").asString()));
                assertThat(seenByAlice).containsAll(bobsAcked).containsAll(acked);
                for (int i = 16; i <= 30; i++) {
                    a2.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "a-" + i, "text", "alice " + i));
                    acked.add(a2.next("message.sent").get("messageId").asString());
                }
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    bob.api().get("/api/v1/reveals").body().get("reveals").isEmpty());
            assertThat(revealId).isNotBlank();
            assertThat(bob.api().get("/api/v1/chats/" + chat + "/cloak").body().get("hiddenCount").asLong()).as("revealed").isZero();
            var history = bob.api().get("/api/v1/chats/" + chat + "/messages?limit=200").body().get("messages");
            List<String> ids = new ArrayList<>();
            history.forEach(m -> ids.add(m.get("messageId").asString()));
            assertThat(ids).doesNotHaveDuplicates().hasSize(61).containsAll(acked).containsAll(bobsAcked);
            for (int i = 0; i < history.size(); i++) assertThat(history.get(i).get("seq").asLong()).isEqualTo(i + 1);
            // Bob, connected to node B throughout, received every message Alice had acknowledged, on either node.
            for (String id : acked) b.next("message.new", e -> e.get("message").get("messageId").asString().equals(id));
            // In a cluster no node writes the whole feed, so none may hand it out from its memory (FeedTail).
            assertThat(nodeB.feedReads("database")).isPositive();
            assertThat(nodeB.feedReads("memory")).isZero();
        }
    }
}
