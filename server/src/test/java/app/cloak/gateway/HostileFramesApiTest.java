package app.cloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad frames get an error frame and change nothing; the connection and the server survive. */
class HostileFramesApiTest extends ApiTestBase {

    @Test
    void malformedAndUnknownFramesGetErrorsAndTheConnectionStaysOpen() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var a = ws(alice)) {
            a.sendRaw("{not json");
            assertThat(a.next("error").get("code").asString()).isEqualTo("bad_frame");
            a.sendRaw("[1,2,3]");
            assertThat(a.next("error").get("code").asString()).isEqualTo("bad_frame");
            a.sendRaw("{\"type\":\"message.explode\"}");
            assertThat(a.next("error").get("code").asString()).isEqualTo("unknown_type");
            a.sendRaw("{\"type\":\"message.send\",\"clientMsgId\":\"x-1\",\"text\":\"no chat\"}");
            var missing = a.next("error");
            assertThat(missing.get("code").asString()).isEqualTo("missing_field");
            assertThat(missing.get("ref").asString()).isEqualTo("x-1");
            a.sendRaw("{\"type\":\"message.read\",\"chatId\":\"" + chat + "\",\"upToSeq\":\"7\"}");
            assertThat(a.next("error").get("code").asString()).isEqualTo("invalid_field");
            a.sendRaw("{\"type\":\"message.send\",\"chatId\":42,\"clientMsgId\":\"x-2\",\"text\":\"hi\"}");
            assertThat(a.next("error").get("code").asString()).isEqualTo("invalid_field");
            a.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "x-3", "text", ""));
            assertThat(a.next("error").get("ref").asString()).isEqualTo("x-3");
            a.roundTrip();
        }
        assertThat(count("SELECT COUNT(*) FROM messages WHERE chat_id = ?", chat)).isZero();
    }

    @Test
    void aFrameForAChatTheUserIsNotInIsNotFoundAndStoresNothing() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var mallory = signUp("Mallory");
        String chat = directChat(alice, bob);
        try (var m = ws(mallory)) {
            m.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "evil-1", "text", "let me in"));
            var error = m.next("error");
            assertThat(error.get("code").asString()).isEqualTo("not_found");
            assertThat(error.get("ref").asString()).isEqualTo("evil-1");
            m.send(Map.of("type", "message.read", "chatId", chat, "upToSeq", 1));
            assertThat(m.next("error").get("code").asString()).isEqualTo("not_found");
            m.send(Map.of("type", "typing.start", "chatId", chat));
            assertThat(m.next("error").get("code").asString()).isEqualTo("not_found");
            m.roundTrip();
        }
        assertThat(count("SELECT COUNT(*) FROM messages WHERE chat_id = ?", chat)).isZero();
        assertThat(count("SELECT COUNT(*) FROM read_watermarks WHERE chat_id = ?", chat)).isZero();
    }

    @Test
    void aFrameOverTheLimitClosesWith1009AndTheServerCarriesOn() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        var a = ws(alice);
        a.sendRaw("{\"type\":\"message.send\",\"chatId\":\"" + chat + "\",\"clientMsgId\":\"big\",\"text\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(a.closeCode()).isEqualTo(1009);
        assertThat(count("SELECT COUNT(*) FROM messages WHERE chat_id = ?", chat)).isZero();
        try (var again = ws(alice); var b = ws(bob)) {
            again.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "small", "text", "fine"));
            again.next("message.sent");
            // Large but within the limit (and multi-byte): arrives in parts (the socket's buffers hold 2 KiB), is
            // joined and stored whole, and reaches the other member whole (sent as several fragments).
            String big = "ä".repeat(15_000) + "x".repeat(20_000);
            again.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "large", "text", big));
            again.next("message.sent");
            var stored = alice.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages");
            assertThat(stored.get(stored.size() - 1).get("text").asString()).isEqualTo(big);
            assertThat(b.next("message.new", e -> e.get("message").get("text").asString().length() > 1000)
                    .get("message").get("text").asString()).isEqualTo(big);
            // 33,000 two-byte characters: under 64 Ki characters, over 64 KiB: refused with 1009.
            again.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "ä".repeat(33_000) + "\"}");
            assertThat(again.closeCode()).isEqualTo(1009);
        }
    }

    /** A binary frame (frames are JSON text) gets an error frame; the connection stays open. */
    @Test
    void aBinaryFrameGetsAnErrorAndTheConnectionStaysOpen() {
        var alice = signUp("Alice");
        try (var a = ws(alice)) {
            a.sendBinary(new byte[] {1, 2, 3});
            assertThat(a.next("error").get("code").asString()).isEqualTo("bad_frame");
            a.sendBinary(new byte[5000]);   // in parts: one error for the whole frame
            assertThat(a.next("error").get("code").asString()).isEqualTo("bad_frame");
            a.roundTrip();
            assertThat(a.all()).filteredOn(e -> e.get("type").asString().equals("error")).hasSize(2);
            assertThat(a.isClosed()).isFalse();
        }
        var big = ws(alice);
        big.sendBinary(new byte[70_000]);   // over the frame limit, binary or not
        assertThat(big.closeCode()).isEqualTo(1009);
    }

    /**
     * Overshooting the rate now and then is answered with rate_limited each time, but only a flood that goes on is
     * closed: strikes are forgotten once the client has waited for its whole burst (100 frames at 50/s: 2 s) to come back.
     */
    @Test
    void aClientThatOvershootsNowAndThenIsNotClosed() throws InterruptedException {
        var alice = signUp("Alice");
        try (var a = ws(alice)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 112; i++) a.sendRaw("{\"type\":\"ping\"}");
                Thread.sleep(2_300);
            }
            a.roundTrip();
            long refused = a.all().stream().filter(e -> e.get("type").asString().equals("error")
                    && e.get("code").asString().equals("rate_limited")).count();
            assertThat(refused).as("more refused frames in all than the strikes a flood is closed after (20)").isGreaterThan(20);
            assertThat(a.isClosed()).isFalse();
        }
    }

    @Test
    void aFloodIsRateLimitedThenClosed() {
        var alice = signUp("Alice");
        var a = ws(alice);
        try {
            for (int i = 0; i < 400 && !a.isClosed(); i++) a.sendRaw("{\"type\":\"ping\"}");
        } catch (java.util.concurrent.CompletionException closedMeanwhile) {
            // the server closed the connection while we were still flooding: expected
        }
        assertThat(a.next("error").get("code").asString()).isEqualTo("rate_limited");
        assertThat(a.closeCode()).isEqualTo(1008);
        try (var again = ws(alice)) {
            again.roundTrip();
        }
    }

    private long count(String sql, String param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }
}
