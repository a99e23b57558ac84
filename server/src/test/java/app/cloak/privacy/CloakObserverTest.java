package app.cloak.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import app.cloak.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The cloak invariant end to end over real WebSockets: the sender and a third group member record
 * every frame they receive while the cloaked user reads 100 messages on two devices (WebSocket and
 * REST reads, history, typing, reconnecting). Not one frame may tell them about a read, typing or
 * presence change of the cloaked user until the reveal.
 */
class CloakObserverTest extends ApiTestBase {

    @Test
    void observersLearnNothingUntilTheReveal() {
        var alice = signUp("Alice (sender)");
        var carol = signUp("Carol (member)");
        var bob = signUp("Bob (reads privately)");
        var bobsPhone = signIn(bob.phone(), null, "phone");
        String group = groupChat(alice, "Book club", carol, bob);
        directChat(alice, bob);             // a direct chat too: presence would otherwise reach Alice through it
        bob.api().put("/api/v1/chats/" + group + "/cloak", Map.of("enabled", true));
        bob.api().patch("/api/v1/privacy", Map.of("cloakByDefault", true));   // the direct chat as well

        try (var aliceWs = ws(alice); var carolWs = ws(carol)) {
            for (int i = 1; i <= 100; i++) {
                aliceWs.send(Map.of("type", "message.send", "chatId", group, "clientMsgId", UUID.randomUUID().toString(), "text", "chapter " + i));
                aliceWs.next("message.sent");
            }
            var laptop = ws(bob);
            var phone = ws(bobsPhone);
            laptop.send(Map.of("type", "sync")).next("sync.done");
            // Bob reads: the laptop over WebSocket in steps, the phone over REST, both fetch history, both "type".
            for (long upTo = 10; upTo <= 60; upTo += 10) {
                laptop.send(Map.of("type", "message.read", "chatId", group, "upToSeq", upTo));
                laptop.send(Map.of("type", "message.delivered", "chatId", group, "upToSeq", upTo));
            }
            bob.api().get("/api/v1/chats/" + group + "/messages?limit=100");
            bobsPhone.api().get("/api/v1/chats/" + group + "/messages?afterSeq=50");
            assertThat(bobsPhone.api().post("/api/v1/chats/" + group + "/read", Map.of("upToSeq", 100)).body()
                    .get("publicReadSeq").asLong()).isZero();
            laptop.send(Map.of("type", "typing.start", "chatId", group));
            phone.send(Map.of("type", "typing.start", "chatId", group));
            laptop.roundTrip();
            phone.roundTrip();
            // Bob's own devices agree on what he read.
            phone.next("message.status", e -> e.get("userId").asString().equals(bob.userId()) && e.path("privateReadSeq").asLong() == 100);
            laptop.close();
            var laptopAgain = ws(bob);
            laptopAgain.roundTrip();
            phone.close();
            laptopAgain.close();
            var lastLaptop = ws(bob);
            lastLaptop.roundTrip();

            // Barrier: Carol posts; once both observers have her message, anything Bob caused before is in too.
            String barrier = sendText(carol, group, "barrier").get("messageId").asString();
            aliceWs.next("message.new", e -> e.get("message").get("messageId").asString().equals(barrier));
            carolWs.next("message.new", e -> e.get("message").get("messageId").asString().equals(barrier));
            for (WsClient observer : List.of(aliceWs, carolWs)) {
                for (JsonNode frame : observer.all()) assertThat(leaksBob(frame, bob.userId())).as(frame.toString()).isFalse();
            }
            String firstMessage = alice.api().get("/api/v1/chats/" + group + "/messages?limit=1&afterSeq=0").body()
                    .get("messages").get(0).get("messageId").asString();
            var receipts = alice.api().get("/api/v1/chats/" + group + "/messages/" + firstMessage + "/receipts").body();
            assertThat(receipts.get("readBy")).isEmpty();
            assertThat(receipts.get("deliveredTo")).noneMatch(u -> u.asString().equals(bob.userId()));
            assertThat(bob.api().get("/api/v1/chats/" + group).body().get("unreadCount").asLong()).isEqualTo(1);  // the barrier

            // The reveal: now, and only now, the sender sees Bob's read.
            bob.api().post("/api/v1/chats/" + group + "/reveal", Map.of("upToSeq", 100));
            JsonNode status = aliceWs.next("message.status", e -> e.get("userId").asString().equals(bob.userId()) && e.get("readSeq").asLong() > 0);
            assertThat(status.get("readSeq").asLong()).isEqualTo(100);
            assertThat(alice.api().get("/api/v1/chats/" + group + "/messages/" + firstMessage + "/receipts").body().get("readBy").get(0).asString())
                    .isEqualTo(bob.userId());
            lastLaptop.close();
        }
    }

    /** A frame that tells its receiver something Bob did: read, typing, presence. */
    private static boolean leaksBob(JsonNode frame, String bob) {
        String type = frame.get("type").asString();
        return switch (type) {
            case "message.status" -> frame.get("userId").asString().equals(bob)
                    && (frame.get("readSeq").asLong() > 0 || frame.get("deliveredSeq").asLong() > 0);   // delivered would show he connected
            case "typing", "presence" -> frame.get("userId").asString().equals(bob);
            default -> false;
        };
    }
}
