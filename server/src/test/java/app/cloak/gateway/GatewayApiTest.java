package app.cloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import app.cloak.testing.WsClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The device WebSocket as a client sees it: send with ack, fan-out, receipts, typing, edits, chat changes. */
class GatewayApiTest extends ApiTestBase {

    @Test
    void handshakeNeedsAValidToken() {
        assertThat(WsClient.refused(port, "")).isNotNull();
        assertThat(WsClient.refused(port, "?access_token=not-a-token")).isNotNull();
        var alice = signUp("Alice");
        try (var header = WsClient.connectWithHeader(port, alice.accessToken())) {
            header.roundTrip();
        }
    }

    /** Every message type REST takes can be sent over the socket too: a location, a contact card, a forward. */
    @Test
    void locationContactAndForwardMessagesGoOverTheSocket() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var a = ws(alice); var b = ws(bob)) {
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "loc-1", "msgType", "location",
                    "location", Map.of("latitude", 52.52, "longitude", 13.405, "name", "Alexanderplatz")));
            a.next("message.sent", e -> e.get("clientMsgId").asString().equals("loc-1"));
            JsonNode location = b.next("message.new").get("message");
            assertThat(location.get("type").asString()).isEqualTo("location");
            assertThat(location.get("location").get("latitude").asDouble()).isEqualTo(52.52);
            assertThat(location.get("location").get("name").asString()).isEqualTo("Alexanderplatz");

            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "card-1", "msgType", "contact",
                    "contact", Map.of("name", "Dora", "phones", List.of("+15550001234"))));
            a.next("message.sent", e -> e.get("clientMsgId").asString().equals("card-1"));
            JsonNode card = b.next("message.new").get("message");
            assertThat(card.get("contact").get("phones").get(0).asString()).isEqualTo("+15550001234");

            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "fwd-1", "forwardOf", location.get("messageId").asString()));
            a.next("message.sent", e -> e.get("clientMsgId").asString().equals("fwd-1"));
            assertThat(b.next("message.new").get("message").get("location").get("name").asString()).isEqualTo("Alexanderplatz");

            // Bad ones: an error frame naming the send, nothing stored.
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "loc-2", "msgType", "location",
                    "location", Map.of("latitude", 91, "longitude", 0)));
            var outOfRange = a.next("error");
            assertThat(outOfRange.get("code").asString()).isEqualTo("invalid_location");
            assertThat(outOfRange.get("ref").asString()).isEqualTo("loc-2");
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "loc-3", "msgType", "location", "location", "here"));
            assertThat(a.next("error").get("code").asString()).isEqualTo("invalid_field");
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "card-2", "msgType", "contact",
                    "contact", Map.of("name", "Nobody", "phones", List.of())));
            assertThat(a.next("error").get("code").asString()).isEqualTo("invalid_contact");
            a.roundTrip();
        }
        assertThat(bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")).hasSize(3);
    }

    @Test
    void aSentMessageIsAcknowledgedOnceDurableAndReachesEveryMemberDevice() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var alicePhone = signIn(alice.phone(), null, "phone");
        String chat = directChat(alice, bob);
        try (var a = ws(alice); var a2 = ws(alicePhone); var b = ws(bob)) {
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "c-1", "text", "hello over ws"));
            JsonNode ack = a.next("message.sent");
            assertThat(ack.get("clientMsgId").asString()).isEqualTo("c-1");
            assertThat(ack.get("chatId").asString()).isEqualTo(chat);
            String id = ack.get("messageId").asString();
            // Durable: it is in the history by the time the ack was written.
            var history = alice.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages");
            assertThat(history.get(history.size() - 1).get("messageId").asString()).isEqualTo(id);

            JsonNode atBob = b.next("message.new").get("message");
            assertThat(atBob.get("messageId").asString()).isEqualTo(id);
            assertThat(atBob.get("text").asString()).isEqualTo("hello over ws");
            assertThat(atBob.get("seq").asLong()).isEqualTo(ack.get("seq").asLong());
            assertThat(a2.next("message.new").get("message").get("messageId").asString()).isEqualTo(id);

            // The same clientMsgId again: the same message, not a second one.
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "c-1", "text", "hello over ws"));
            assertThat(a.next("message.sent").get("messageId").asString()).isEqualTo(id);
            assertThat(alice.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages").size()).isEqualTo(history.size());
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private double feedReads(String source) {
        return meters.get("cloak.feed.reads").tag("source", source).counter().count();
    }

    @Test
    void aSingleNodeHandsNewMessagesToDevicesFromMemoryAndReadsEverythingElseFromTheDatabase() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        JsonNode atBob;
        try (var a = ws(alice); var b = ws(bob)) {
            double memory = feedReads("memory");
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "t-1", "text", "straight from memory"));
            long seq = a.next("message.sent").get("seq").asLong();
            atBob = b.next("message.new").get("message");
            assertThat(atBob.get("text").asString()).isEqualTo("straight from memory");
            assertThat(atBob.get("seq").asLong()).isEqualTo(seq);
            assertThat(atBob.get("senderId").asString()).isEqualTo(alice.userId());
            assertThat(atBob.get("reactions")).isEmpty();
            assertThat(feedReads("memory")).as("bob's device (and alice's echo) read the tail").isGreaterThan(memory);

            // A receipt is not a new message: alice's device reads it from the database, as before.
            double database = feedReads("database");
            b.send(Map.of("type", "message.delivered", "chatId", chat, "upToSeq", seq));
            assertThat(a.next("message.status", e -> e.get("deliveredSeq").asLong() == seq).get("userId").asString())
                    .isEqualTo(bob.userId());
            assertThat(feedReads("database")).isGreaterThan(database);
        }
        // A device that syncs from the start gets the same message from the database, rendered the same way.
        try (var b2 = ws(bob)) {
            b2.send(Map.of("type", "sync", "cursor", "0"));
            JsonNode replayed = b2.next("message.new").get("message");
            assertThat(replayed).isEqualTo(atBob);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    app.cloak.platform.eventbus.SignalBus signals;

    /** The committing thread (the send writer) hands its changes over and goes on: one ordered thread pokes the devices. */
    @Test
    void pokesComeFromTheFeedNotifierNotFromTheCommittingThread() throws Exception {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        var pokedOn = new java.util.concurrent.LinkedBlockingQueue<String>();
        try (var listening = signals.listen(app.cloak.platform.eventbus.UserSignals.key(bob.userId()),
                payload -> {
                    if (java.util.Arrays.equals(payload, app.cloak.platform.eventbus.UserSignals.POKE)) {
                        pokedOn.add(Thread.currentThread().getName());
                    }
                })) {
            // (a poke still queued from the chat's creation may come first: it comes from the same thread)
            sendText(alice, chat, "poke bob");
            assertThat(pokedOn.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("feed-notifier");
        }
    }

    @Test
    void deliveredAndReadWatermarksReachTheSender() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var a = ws(alice); var b = ws(bob)) {
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "r-1", "text", "one"));
            long seq = a.next("message.sent").get("seq").asLong();
            b.next("message.new");
            b.send(Map.of("type", "message.delivered", "chatId", chat, "upToSeq", seq));
            JsonNode delivered = a.next("message.status", e -> e.get("deliveredSeq").asLong() == seq);
            assertThat(delivered.get("userId").asString()).isEqualTo(bob.userId());
            assertThat(delivered.get("readSeq").asLong()).isZero();
            assertThat(delivered.has("privateReadSeq")).as("others never see a private watermark").isFalse();

            b.send(Map.of("type", "message.read", "chatId", chat, "upToSeq", seq));
            JsonNode read = a.next("message.status", e -> e.get("readSeq").asLong() == seq);
            assertThat(read.get("chatId").asString()).isEqualTo(chat);
            var receipts = alice.api().get("/api/v1/chats/" + chat + "/messages/"
                    + alice.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages").get(0).get("messageId").asString()
                    + "/receipts").body();
            assertThat(receipts.get("readBy").get(0).asString()).isEqualTo(bob.userId());
            // Bob's own device learns its read state too (for its unread badge).
            assertThat(b.next("message.status", e -> e.get("userId").asString().equals(bob.userId())
                    && e.get("readSeq").asLong() == seq).get("privateReadSeq").asLong()).isEqualTo(seq);
        }
    }

    @Test
    void typingStartsAndStopsByItselfAfterSilence() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var a = ws(alice); var b = ws(bob)) {
            a.send(Map.of("type", "typing.start", "chatId", chat));
            JsonNode start = b.next("typing", e -> e.get("state").asString().equals("start"));
            assertThat(start.get("userId").asString()).isEqualTo(alice.userId());
            assertThat(start.get("chatId").asString()).isEqualTo(chat);
            // No typing.stop is sent: the server stops it after the (test) timeout of one second.
            long t0 = System.nanoTime();
            b.next("typing", e -> e.get("state").asString().equals("stop"));
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(500);
            assertThat(a.all()).noneMatch(e -> e.path("type").asString().equals("typing"));
        }
    }

    /** Typing that goes on is passed on again (the members' nodes must not let it lapse); it stops when the typist stops. */
    @Test
    void typingThatGoesOnIsRenewedAndStopsOnlyWhenTheTypistStops() throws InterruptedException {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var a = ws(alice); var b = ws(bob)) {
            for (int i = 0; i < 12; i++) {          // 2.4 s of typing, with the (test) timeout of 1 s
                a.send(Map.of("type", "typing.start", "chatId", chat));
                Thread.sleep(200);
            }
            a.send(Map.of("type", "typing.stop", "chatId", chat));
            b.next("typing", e -> e.get("state").asString().equals("stop"));
            var typing = b.all().stream().filter(e -> e.path("type").asString().equals("typing")).toList();
            assertThat(typing.size()).as("renewed starts, then one stop: %s", typing).isGreaterThanOrEqualTo(3);
            assertThat(typing.subList(0, typing.size() - 1)).allMatch(e -> e.get("state").asString().equals("start"));
        }
    }

    /**
     * A start whose typist's node went away (it neither renews nor stops it: here signalled straight through the bus,
     * as another node does) is stopped by the member's own node after one and a half timeouts.
     */
    @Test
    void typingFromANodeThatWentAwayIsStoppedByTheMembersNode() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var b = ws(bob)) {
            String start = "{\"type\":\"typing\",\"chatId\":\"" + chat + "\",\"userId\":\"" + alice.userId() + "\",\"state\":\"start\"}";
            signals.signal(app.cloak.platform.eventbus.UserSignals.key(bob.userId()), app.cloak.platform.eventbus.UserSignals.event(start));
            b.next("typing", e -> e.get("state").asString().equals("start"));
            long t0 = System.nanoTime();
            JsonNode stop = b.next("typing", e -> e.get("state").asString().equals("stop"));
            assertThat(stop.get("userId").asString()).isEqualTo(alice.userId());
            assertThat(stop.get("chatId").asString()).isEqualTo(chat);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("not before the lapse of 1.5 s").isGreaterThanOrEqualTo(1_400);
        }
    }

    @Test
    void editsDeletesAndReactionsMadeOverRestReachConnectedDevices() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var b = ws(bob)) {
            String id = sendText(alice, chat, "first draft").get("messageId").asString();
            b.next("message.new");
            alice.api().patch("/api/v1/chats/" + chat + "/messages/" + id, Map.of("text", "final text"));
            assertThat(b.next("message.updated").get("message").get("text").asString()).isEqualTo("final text");
            bob.api().put("/api/v1/chats/" + chat + "/messages/" + id + "/reactions", Map.of("emoji", "👍"));
            assertThat(b.next("message.updated", e -> e.get("message").get("reactions").size() == 1)).isNotNull();
            alice.api().delete("/api/v1/chats/" + chat + "/messages/" + id + "?for=everyone");
            JsonNode deletedFrame = b.next("message.deleted");
            assertThat(deletedFrame.has("forMe")).as("deleted for everyone: shown in place").isFalse();
            JsonNode deleted = deletedFrame.get("message");
            assertThat(deleted.get("deleted").asBoolean()).isTrue();
            assertThat(deleted.get("text").isNull()).isTrue();
        }
    }

    /** Deleting for me reaches my other devices as message.deleted with forMe (drop it); nobody else hears of it. */
    @Test
    void aDeleteForMeReachesOnlyMyOtherDevicesMarkedForMe() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var aliceLaptop = signIn(alice.phone(), null, "laptop");
        String chat = directChat(alice, bob);
        String id = sendText(bob, chat, "just between us").get("messageId").asString();
        try (var laptop = ws(aliceLaptop); var b = ws(bob)) {
            assertThat(alice.api().delete("/api/v1/chats/" + chat + "/messages/" + id + "?for=me").status()).isEqualTo(204);
            JsonNode frame = laptop.next("message.deleted");
            assertThat(frame.get("forMe").asBoolean()).isTrue();
            assertThat(frame.get("message").get("messageId").asString()).isEqualTo(id);
            sendText(alice, chat, "a barrier");
            b.next("message.new");
            assertThat(b.all()).noneMatch(e -> e.get("type").asString().equals("message.deleted"));
        }
        assertThat(alice.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages"))
                .noneMatch(m -> m.get("messageId").asString().equals(id));
    }

    @Test
    void membershipChangesReachMembersAndTheRemovedMember() {
        var owner = signUp("Owner");
        var carol = signUp("Carol");
        var dave = signUp("Dave");
        var group = owner.api().post("/api/v1/chats", Map.of("type", "group", "name", "Trip", "memberIds", List.of(carol.userId())));
        String chat = group.body().get("chatId").asString();
        try (var c = ws(carol); var d = ws(dave)) {
            owner.api().post("/api/v1/chats/" + chat + "/members", Map.of("userIds", List.of(dave.userId())));
            JsonNode atCarol = c.next("chat.updated").get("chat");
            assertThat(atCarol.get("members").size()).isEqualTo(3);
            assertThat(d.next("chat.updated").get("chat").get("chatId").asString()).isEqualTo(chat);
            owner.api().delete("/api/v1/chats/" + chat + "/members/" + dave.userId());
            JsonNode removed = d.next("chat.updated", e -> e.get("chat").has("removed")).get("chat");
            assertThat(removed.get("removed").asBoolean()).isTrue();
            assertThat(c.next("chat.updated", e -> e.get("chat").get("members").size() == 2)).isNotNull();
        }
    }

    @Test
    void aSecondConnectionOfTheSameDeviceReplacesTheFirst() {
        var alice = signUp("Alice");
        var first = ws(alice);
        try (var second = ws(alice)) {
            assertThat(first.closeCode()).isEqualTo(4001);
            second.roundTrip();
        }
    }

    @Test
    void aSignedOutOrRevokedDeviceLosesItsSocket() {
        var alice = signUp("Alice");
        var phone = signIn(alice.phone(), null, "phone");
        var tablet = signIn(alice.phone(), null, "tablet");
        var onPhone = ws(phone);
        var onTablet = ws(tablet);
        assertThat(alice.api().delete("/api/v1/devices/" + phone.deviceId()).status()).isEqualTo(204);
        assertThat(onPhone.closeCode()).isEqualTo(4003);
        assertThat(tablet.api().post("/api/v1/auth/logout", Map.of()).status()).isIn(200, 204);
        assertThat(onTablet.closeCode()).isEqualTo(4003);
        assertThat(WsClient.refused(port, "?access_token=" + phone.accessToken())).as("and cannot come back").isNotNull();
    }

    static Map<String, Object> frame(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
