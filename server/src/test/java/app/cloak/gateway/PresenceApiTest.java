package app.cloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Online / last seen over the WebSocket, with the visibility setting and blocks respected. */
class PresenceApiTest extends ApiTestBase {

    @Test
    void contactsSeeOnlineThenLastSeen() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        directChat(alice, bob);
        try (var b = ws(bob)) {
            var a = ws(alice);
            JsonNode online = b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && e.get("online").asBoolean());
            assertThat(online.get("lastSeen").isNull()).isTrue();
            // Alice, on connecting, is told Bob is online.
            assertThat(a.next("presence", e -> e.get("userId").asString().equals(bob.userId())).get("online").asBoolean()).isTrue();
            a.close();
            JsonNode offline = b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && !e.get("online").asBoolean()
                    && !e.get("lastSeen").isNull());
            assertThat(offline.get("lastSeen").asString()).isNotBlank();
        }
    }

    /** The same device connecting again (a client's reconnect) replaces its socket without the user ever going offline. */
    @Test
    void aDeviceReconnectingIsNeverSeenGoingOffline() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var b = ws(bob)) {
            var first = ws(alice);
            b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && e.get("online").asBoolean());
            int seenBefore = b.all().size();
            try (var second = ws(alice)) {
                assertThat(first.closeCode()).isEqualTo(4001);
                second.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "after-reconnect", "text", "still here"));
                second.next("message.sent");
                b.next("message.new");
                b.roundTrip();
                assertThat(b.all().subList(seenBefore, b.all().size())).as("no presence change for Alice while her device reconnected")
                        .noneMatch(e -> e.get("type").asString().equals("presence") && e.get("userId").asString().equals(alice.userId()));
                var seen = bob.api().get("/api/v1/presence?userIds=" + alice.userId()).body().get("presence");
                assertThat(seen.get(0).get("online").asBoolean()).isTrue();
            }
            b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && !e.get("online").asBoolean());
        }
    }

    @Test
    void nobodyAndBlockedUsersSeeNothing() {
        var carol = signUp("Carol");
        var bob = signUp("Bob");
        var dan = signUp("Dan");
        String carolBob = directChat(carol, bob);
        String danBob = directChat(dan, bob);
        assertThat(carol.api().patch("/api/v1/privacy", Map.of("lastSeen", "nobody")).body().get("lastSeen").asString()).isEqualTo("nobody");
        bob.api().post("/api/v1/blocks", Map.of("userId", dan.userId()));
        try (var b = ws(bob)) {
            try (var c = ws(carol)) {
                // A message Carol sends after connecting reaches Bob after any presence event her connecting caused.
                c.send(Map.of("type", "message.send", "chatId", carolBob, "clientMsgId", "p-1", "text", "hi"));
                b.next("message.new");
            }
            try (var d = ws(dan)) {
                d.roundTrip();
                sendText(carol, carolBob, "after dan connected");
                b.next("message.new", e -> e.get("message").get("text").asString().equals("after dan connected"));
            }
            assertThat(b.all()).noneMatch(e -> e.get("type").asString().equals("presence")
                    && (e.get("userId").asString().equals(carol.userId()) || e.get("userId").asString().equals(dan.userId())));
        }
        assertThat(danBob).isNotBlank();
    }

    /**
     * Hiding one's last seen, or blocking, while online takes effect at once for whoever saw it: they are told there is
     * nothing to see (online false, lastSeen null), and see nothing later; showing it again tells them what there is.
     */
    @Test
    void hidingPresenceWhileOnlineClearsWhatOthersSawAndShowingItAgainTellsThem() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        directChat(alice, bob);
        directChat(alice, carol);
        java.util.function.Predicate<JsonNode> aliceHidden = e -> e.get("userId").asString().equals(alice.userId())
                && !e.get("online").asBoolean() && e.get("lastSeen").isNull();
        java.util.function.Predicate<JsonNode> aliceOnline = e -> e.get("userId").asString().equals(alice.userId()) && e.get("online").asBoolean();
        try (var b = ws(bob); var c = ws(carol)) {
            // On connecting, each is told Alice was never seen yet: the same frame as "nothing to see".
            b.next("presence", aliceHidden);
            c.next("presence", aliceHidden);
            var a = ws(alice);
            b.next("presence", aliceOnline);
            c.next("presence", aliceOnline);
            assertThat(a.next("presence", e -> e.get("userId").asString().equals(bob.userId())).get("online").asBoolean())
                    .as("on connecting, Alice is told Bob is online").isTrue();

            alice.api().patch("/api/v1/privacy", Map.of("lastSeen", "nobody"));
            b.next("presence", aliceHidden);
            c.next("presence", aliceHidden);
            alice.api().patch("/api/v1/privacy", Map.of("lastSeen", "everyone"));
            b.next("presence", aliceOnline);
            c.next("presence", aliceOnline);

            assertThat(alice.api().post("/api/v1/blocks", Map.of("userId", bob.userId())).status()).isLessThan(300);
            b.next("presence", aliceHidden);
            assertThat(a.next("presence", e -> e.get("userId").asString().equals(bob.userId())).get("online").asBoolean())
                    .as("Bob is hidden from Alice too").isFalse();
            int seenByBob = b.all().size();
            a.close();
            // Carol is told Alice went offline; Bob, in the same announcement, would have been too.
            c.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && !e.get("lastSeen").isNull());
            b.roundTrip();
            assertThat(b.all().subList(seenByBob, b.all().size())).as("Bob sees Alice go nowhere while blocked")
                    .noneMatch(e -> e.get("type").asString().equals("presence") && e.get("userId").asString().equals(alice.userId()));

            assertThat(alice.api().delete("/api/v1/blocks/" + bob.userId()).status()).isLessThan(300);
            JsonNode again = b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && !e.get("lastSeen").isNull());
            assertThat(again.get("online").asBoolean()).isFalse();
        }
    }

    @Test
    void presenceCanBeAskedOverRestAsFarAsItIsVisible() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var stranger = signUp("Stranger");
        directChat(alice, bob);
        try (var a = ws(alice)) {
            var seen = bob.api().get("/api/v1/presence?userIds=" + alice.userId() + "," + stranger.userId()).body().get("presence");
            assertThat(seen.size()).as("a stranger shares no chat: left out").isEqualTo(1);
            assertThat(seen.get(0).get("userId").asString()).isEqualTo(alice.userId());
            assertThat(seen.get(0).get("online").asBoolean()).isTrue();
        }
        assertThat(bob.api().get("/api/v1/presence?userIds=").status()).isEqualTo(400);
    }

    @Test
    void badVisibilityIsRejected() {
        var alice = signUp("Alice");
        var r = alice.api().patch("/api/v1/privacy", Map.of("lastSeen", "friends-of-friends"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(alice.api().get("/api/v1/privacy").body().get("lastSeen").asString()).isEqualTo("everyone");
    }

    /** A client that stops answering (no frames, no pongs) is reaped, and its contacts see it go offline. */
    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeoutAndGoesOffline() throws Exception {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        directChat(alice, bob);
        try (var b = ws(bob); Socket raw = new Socket("127.0.0.1", port)) {
            OutputStream out = raw.getOutputStream();
            String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /ws?access_token=" + alice.accessToken() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 101");
            b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && e.get("online").asBoolean());
            // From here the raw client reads nothing and answers no ping.
            long t0 = System.nanoTime();
            b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && !e.get("online").asBoolean()
                    && !e.get("lastSeen").isNull());
            assertThat((System.nanoTime() - t0) / 1_000_000).as("not before the idle timeout").isGreaterThan(2_000);
        }
    }
}
