package app.cloak.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import app.cloak.testing.PushServiceStandIn;
import app.cloak.testing.WsClient;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Web Push over real HTTP both ways: clients register subscriptions with the server; the server pushes to a local
 * push-service stand-in that checks VAPID and decrypts each payload with the subscription's private key, as a
 * browser would. The batch window is 1 s in tests.
 */
class PushApiTest extends ApiTestBase {
    static final PushServiceStandIn PUSH = PushServiceStandIn.start();
    static final long QUIET = 2_500; // batch window (1 s) plus slack: long enough that a push would have come

    @AfterAll
    static void stop() {
        PUSH.close();
    }

    private static Api.Response subscribe(Session s, PushServiceStandIn.Subscription sub) {
        return s.api().post("/api/v1/push/subscriptions", sub.json());
    }

    /** A browser subscribed for {@code s}, who has turned notification previews on. */
    private static PushServiceStandIn.Subscription subscribedWithPreviews(Session s) {
        var sub = PUSH.subscribe();
        subscribe(s, sub);
        var on = s.api().patch("/api/v1/push/preferences", Map.of("previews", true));
        assertThat(on.status()).as(on.raw()).isEqualTo(200);
        return sub;
    }

    private static JsonNode send(Session s, String chatId, String text) {
        var r = s.api().post("/api/v1/chats/" + chatId + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    /** The same point with one character of its y coordinate changed: not on the curve any more. */
    private static String offCurve(String p256dh) {
        char c = p256dh.charAt(60);
        return p256dh.substring(0, 60) + (c == 'A' ? 'B' : 'A') + p256dh.substring(61);
    }

    private long subscriptionsOf(Session s) {
        return jdbc.sql("SELECT COUNT(*) FROM push_subscriptions WHERE user_id = ?").param(s.userId()).query(Long.class).single();
    }

    /** The next push to this subscription (10 s at most), decrypted: its JSON payload. */
    private static JsonNode nextPayload(PushServiceStandIn.Subscription sub) throws InterruptedException {
        var push = PUSH.next(sub, 10_000);
        assertThat(push).as("a push arrived").isNotNull();
        return Api.JSON.readTree(push.plaintext());
    }

    @Test
    void theVapidPublicKeyIsAP256PointGeneratedOnceIntoAPrivateFile() throws Exception {
        Session alice = signUp("Alice");
        var r = alice.api().get("/api/v1/push/vapid-public-key");
        assertThat(r.status()).isEqualTo(200);
        String key = r.body().get("publicKey").asString();
        assertThat(key).doesNotContain("=", "+", "/");
        byte[] point = Base64.getUrlDecoder().decode(key);
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
        assertThat(alice.api().get("/api/v1/push/vapid-public-key").body().get("publicKey").asString()).isEqualTo(key);
        var file = dataDir().resolve("secrets/vapid.keys");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(anonymous().get("/api/v1/push/vapid-public-key").status()).isEqualTo(401);
    }

    @Test
    void subscribingIsIdempotentByEndpointAndBadSubscriptionsAre400() {
        Session alice = signUp("Alice");
        var sub = PUSH.subscribe();
        assertThat(subscribe(alice, sub).status()).isEqualTo(201);
        assertThat(subscribe(alice, sub).status()).isEqualTo(201);
        assertThat(subscriptionsOf(alice)).isEqualTo(1);

        var other = PUSH.subscribe();
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(
                Map.of("endpoint", "ftp://127.0.0.1/push/x", "keys", Map.of("p256dh", other.p256dh(), "auth", other.auth())),
                Map.of("endpoint", "javascript:alert(1)", "keys", Map.of("p256dh", other.p256dh(), "auth", other.auth())),
                Map.of("endpoint", other.endpoint(), "keys", Map.of("p256dh", "AAAA", "auth", other.auth())),
                Map.of("endpoint", other.endpoint(), "keys", Map.of("p256dh", offCurve(other.p256dh()), "auth", other.auth())),
                Map.of("endpoint", other.endpoint(), "keys", Map.of("p256dh", other.p256dh(), "auth", "c2hvcnQ")),
                Map.of("endpoint", other.endpoint()))) {
            var r = alice.api().post("/api/v1/push/subscriptions", bad);
            assertThat(r.status()).as(bad.toString()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("invalid_subscription");
        }
        assertThat(subscriptionsOf(alice)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM push_subscriptions").query(Long.class).single()).isPositive();
        // the endpoint and keys are not stored in the clear
        byte[] sealed = jdbc.sql("SELECT sealed FROM push_subscriptions WHERE user_id = ?").param(alice.userId()).query(byte[].class).single();
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("/push/", sub.p256dh());
    }

    @Test
    void anOfflineRecipientGetsAnEncryptedVapidSignedPushWithIdsAndTheSendersNameOnly() throws Exception {
        Session alice = signUp("Alice Sender");
        Session bob = signUp("Bob");
        var sub = PUSH.subscribe();
        assertThat(subscribe(bob, sub).status()).isEqualTo(201);
        String chat = directChat(alice, bob);
        JsonNode sent = send(alice, chat, "the launch code is 0000");

        var push = PUSH.next(sub, 10_000);
        assertThat(PUSH.problems).isEmpty();
        assertThat(push).as("a push arrived").isNotNull();
        assertThat(push.vapidKey()).isEqualTo(bob.api().get("/api/v1/push/vapid-public-key").body().get("publicKey").asString());
        assertThat(push.subject()).isEqualTo("mailto:admin@localhost");
        assertThat(push.audience()).isEqualTo(PUSH.origin());
        assertThat(push.ttl()).isEqualTo("86400");
        JsonNode payload = Api.JSON.readTree(push.plaintext());
        assertThat(payload.get("type").asString()).isEqualTo("message");
        assertThat(payload.get("chatId").asString()).isEqualTo(chat);
        assertThat(payload.get("messageId").asString()).isEqualTo(sent.get("messageId").asString());
        assertThat(payload.get("senderName").asString()).isEqualTo("Alice Sender");
        assertThat(payload.get("count").asInt()).isEqualTo(1);
        assertThat(payload.propertyNames()).containsExactlyInAnyOrder("type", "chatId", "messageId", "senderName", "count");
        assertThat(push.plaintext()).doesNotContain("launch", "0000");
        assertThat(PUSH.next(sub, QUIET)).as("the sender is not notified, the recipient once").isNull();
    }

    @Test
    void previewsAreOffByDefaultAndOnlyABooleanTurnsThemOn() {
        Session bob = signUp("Bob");
        assertThat(bob.api().get("/api/v1/push/preferences").body().get("previews").asBoolean()).isFalse();
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of("previews", "yes"), Map.of("previews", 1),
                Map.of("sound", true))) {
            var r = bob.api().patch("/api/v1/push/preferences", bad);
            assertThat(r.status()).as(bad.toString()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("invalid_preferences");
        }
        assertThat(bob.api().get("/api/v1/push/preferences").body().get("previews").asBoolean()).isFalse();
        var on = bob.api().patch("/api/v1/push/preferences", Map.of("previews", true));
        assertThat(on.status()).as(on.raw()).isEqualTo(200);
        assertThat(on.body().get("previews").asBoolean()).isTrue();
        assertThat(bob.api().get("/api/v1/push/preferences").body().get("previews").asBoolean()).isTrue();
        assertThat(anonymous().get("/api/v1/push/preferences").status()).isEqualTo(401);
    }

    @Test
    void withoutPreviewsAGroupPushHasNeitherTextNorChatName() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = PUSH.subscribe();
        subscribe(bob, sub);
        String family = groupChat(alice, "Family", bob);
        send(alice, family, "dinner at eight");
        var push = PUSH.next(sub, 10_000);
        assertThat(push).isNotNull();
        JsonNode payload = Api.JSON.readTree(push.plaintext());
        assertThat(payload.propertyNames()).containsExactlyInAnyOrder("type", "chatId", "messageId", "senderName", "count");
        assertThat(push.plaintext()).doesNotContain("dinner", "Family");
    }

    @Test
    void withPreviewsAPushCarriesTheChatNameAndTheStartOfTheNewestText() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = subscribedWithPreviews(bob);
        String family = groupChat(alice, "Family", bob);
        send(alice, family, "first");
        String longText = "x".repeat(150);
        send(alice, family, longText);
        JsonNode payload = nextPayload(sub);
        assertThat(payload.get("count").asInt()).isEqualTo(2);
        assertThat(payload.get("chatName").asString()).isEqualTo("Family");
        assertThat(payload.get("preview").asString()).isEqualTo("x".repeat(100) + "…");

        send(alice, family, "dinner at eight");
        payload = Api.JSON.readTree(PUSH.next(sub, 10_000).plaintext());
        assertThat(payload.get("preview").asString()).isEqualTo("dinner at eight");
    }

    @Test
    void withPreviewsACloakedChatStillGetsNoTextNorChatName() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = subscribedWithPreviews(bob);
        String family = groupChat(alice, "Family", bob);
        var cloak = bob.api().put("/api/v1/chats/" + family + "/cloak", Map.of("enabled", true));
        assertThat(cloak.status()).as(cloak.raw()).isEqualTo(200);
        send(alice, family, "dinner at eight");
        var push = PUSH.next(sub, 10_000);
        assertThat(push).isNotNull();
        JsonNode payload = Api.JSON.readTree(push.plaintext());
        assertThat(payload.propertyNames()).containsExactlyInAnyOrder("type", "chatId", "messageId", "senderName", "count");
        assertThat(push.plaintext()).doesNotContain("dinner", "Family");

        // the same user's other, uncloaked chat does get previews: the cloak is what withheld them
        String other = groupChat(alice, "Work", bob);
        send(alice, other, "standup moved");
        payload = Api.JSON.readTree(PUSH.next(sub, 10_000).plaintext());
        assertThat(payload.get("preview").asString()).isEqualTo("standup moved");
    }

    @Test
    void withPreviewsAViewOnceMessagesCaptionIsNeverInThePush() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = subscribedWithPreviews(bob);
        String family = groupChat(alice, "Family", bob);
        byte[] pdf = new byte[3000];
        new java.util.Random(3).nextBytes(pdf);
        System.arraycopy("%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, pdf, 0, 9);
        String boundary = "----cloak" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        body.writeBytes(pdf);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var uploaded = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/media"))
                .header("Authorization", "Bearer " + alice.accessToken())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String mediaId = Api.JSON.readTree(uploaded.body()).get("mediaId").asString();
        var sent = alice.api().post("/api/v1/chats/" + family + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(),
                "type", "document", "mediaId", mediaId, "viewOnce", true, "text", "the secret caption"));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        var push = PUSH.next(sub, 10_000);
        assertThat(push).isNotNull();
        JsonNode payload = Api.JSON.readTree(push.plaintext());
        assertThat(payload.has("preview")).isFalse();
        assertThat(push.plaintext()).doesNotContain("secret", "caption");
        assertThat(payload.get("chatName").asString()).as("previews are on: only the view-once text is withheld").isEqualTo("Family");
    }

    @Test
    void aBurstInOneChatIsOneNotification() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = PUSH.subscribe();
        subscribe(bob, sub);
        String chat = directChat(alice, bob);
        send(alice, chat, "one");
        send(alice, chat, "two");
        String last = send(alice, chat, "three").get("messageId").asString();
        JsonNode payload = nextPayload(sub);
        assertThat(payload.get("count").asInt()).isEqualTo(3);
        assertThat(payload.get("messageId").asString()).isEqualTo(last);
        assertThat(PUSH.next(sub, QUIET)).isNull();
    }

    /** The recipient's own message inside the window (sent from a device without a socket) is not counted. */
    @Test
    void theRecipientsOwnMessageInTheWindowIsNotCounted() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = PUSH.subscribe();
        subscribe(bob, sub);
        String chat = directChat(alice, bob);
        send(alice, chat, "one");
        send(bob, chat, "my own, over REST");
        String last = send(alice, chat, "two").get("messageId").asString();
        JsonNode payload = nextPayload(sub);
        assertThat(payload.get("count").asInt()).isEqualTo(2);
        assertThat(payload.get("messageId").asString()).isEqualTo(last);
    }

    @Test
    void aConnectedRecipientGetsNoPushAndNeitherDoesAMutedChat() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session carol = signUp("Carol");
        var bobSub = PUSH.subscribe();
        var carolSub = PUSH.subscribe();
        subscribe(bob, bobSub);
        subscribe(carol, carolSub);
        String aliceBob = directChat(alice, bob);
        String aliceCarol = directChat(alice, carol);
        var muted = carol.api().put("/api/v1/chats/" + aliceCarol + "/settings", Map.of("muted", true));
        assertThat(muted.status()).as(muted.raw()).isEqualTo(200);
        try (WsClient socket = ws(bob)) {
            socket.roundTrip();
            send(alice, aliceBob, "you are online");
            send(alice, aliceCarol, "you muted me");
            assertThat(PUSH.next(bobSub, QUIET)).as("Bob has a socket open").isNull();
            assertThat(PUSH.next(carolSub, 1)).as("Carol muted the chat").isNull();
        }
        // once Bob's socket is closed, he is reachable by push again
        Thread.sleep(500);
        send(alice, aliceBob, "now offline");
        assertThat(PUSH.next(bobSub, 10_000)).isNotNull();
    }

    @Test
    void goneSubscriptionsAreRemovedAndFailuresAreRetried() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session carol = signUp("Carol");
        var gone = PUSH.subscribe(410);
        var flaky = PUSH.subscribe(500, 503);
        subscribe(bob, gone);
        subscribe(carol, flaky);
        send(alice, directChat(alice, bob), "hi bob");
        send(alice, directChat(alice, carol), "hi carol");

        var delivered = PUSH.next(flaky, 15_000);
        assertThat(delivered).as("delivered on the third try").isNotNull();
        assertThat(PUSH.attempts.get(flaky.id())).isEqualTo(3);
        long deadline = System.currentTimeMillis() + 10_000;
        while (subscriptionsOf(bob) > 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(subscriptionsOf(bob)).as("410 removes the subscription").isZero();
        assertThat(PUSH.attempts.get(gone.id())).isEqualTo(1);
        assertThat(subscriptionsOf(carol)).isEqualTo(1);
    }

    @Test
    void unsubscribingStopsPushesAndIs204EvenTwice() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = PUSH.subscribe();
        subscribe(bob, sub);
        var r = bob.api().send("DELETE", "/api/v1/push/subscriptions", Api.JSON.writeValueAsString(Map.of("endpoint", sub.endpoint())),
                "application/json");
        assertThat(r.status()).isEqualTo(204);
        assertThat(bob.api().send("DELETE", "/api/v1/push/subscriptions", Api.JSON.writeValueAsString(Map.of("endpoint", sub.endpoint())),
                "application/json").status()).isEqualTo(204);
        assertThat(subscriptionsOf(bob)).isZero();
        send(alice, directChat(alice, bob), "anyone?");
        assertThat(PUSH.next(sub, QUIET)).isNull();
    }

    @Test
    void aSubscriptionMovesToWhoeverSubscribedLastOnThatBrowser() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = PUSH.subscribe();
        subscribe(alice, sub);
        subscribe(bob, sub);
        assertThat(subscriptionsOf(alice)).isZero();
        assertThat(subscriptionsOf(bob)).isEqualTo(1);
        // Alice cannot remove Bob's subscription
        alice.api().send("DELETE", "/api/v1/push/subscriptions", Api.JSON.writeValueAsString(Map.of("endpoint", sub.endpoint())),
                "application/json");
        assertThat(subscriptionsOf(bob)).isEqualTo(1);
    }
}
