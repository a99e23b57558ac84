package app.cloak.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Messages over real HTTP, as a client sees them. */
class MessagingApiTest extends ApiTestBase {



    @Test
    void direct_chat_is_created_once_per_pair() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var first = alice.api().post("/api/v1/chats", Map.of("type", "direct", "userId", bob.userId()));
        var again = bob.api().post("/api/v1/chats", Map.of("type", "direct", "userId", alice.userId()));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("chatId").asString()).isEqualTo(first.body().get("chatId").asString());
        assertThat(first.body().get("name").asString()).isEqualTo("Bob");
        assertThat(again.body().get("name").asString()).isEqualTo("Alice");
    }

    @Test
    void seq_strictly_increases_and_history_pages_both_ways() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        List<Long> seqs = new ArrayList<>();
        for (int i = 1; i <= 12; i++) seqs.add(sendText(i % 2 == 0 ? alice : bob, chat, "message " + i).get("seq").asLong());
        assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1L).endsWith(12L);

        var latest = bob.api().get("/api/v1/chats/" + chat + "/messages?limit=5").body().get("messages");
        assertThat(latest).hasSize(5);
        assertThat(latest.get(0).get("seq").asLong()).isEqualTo(8);
        assertThat(latest.get(4).get("text").asString()).isEqualTo("message 12");

        var older = bob.api().get("/api/v1/chats/" + chat + "/messages?beforeSeq=8&limit=3").body().get("messages");
        assertThat(older).extracting(m -> m.get("seq").asLong()).containsExactly(5L, 6L, 7L);

        var newer = bob.api().get("/api/v1/chats/" + chat + "/messages?afterSeq=10").body().get("messages");
        assertThat(newer).extracting(m -> m.get("seq").asLong()).containsExactly(11L, 12L);

        String sixth = bob.api().get("/api/v1/chats/" + chat + "/messages?afterSeq=5&limit=1").body().get("messages").get(0)
                .get("messageId").asString();
        var around = bob.api().get("/api/v1/chats/" + chat + "/messages?around=" + sixth + "&limit=4").body().get("messages");
        assertThat(around).extracting(m -> m.get("seq").asLong()).containsExactly(4L, 5L, 6L, 7L);
    }

    @Test
    void a_retried_send_never_creates_a_second_message() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        var body = Map.of("clientMsgId", "retry-1", "type", "text", "text", "only once");
        var first = alice.api().post("/api/v1/chats/" + chat + "/messages", body);
        var second = alice.api().post("/api/v1/chats/" + chat + "/messages", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().get("messageId").asString()).isEqualTo(first.body().get("messageId").asString());
        assertThat(bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")).hasSize(1);
    }

    @Test
    void a_retry_is_answered_with_the_original_even_once_its_sender_may_no_longer_post_and_a_reused_clientMsgId_conflicts() {
        var owner = signUp("Olga");
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String group = groupChat(owner, "Retries", alice);
        var body = Map.of("clientMsgId", "retry-after-leaving", "type", "text", "text", "sent before I was removed");
        var first = alice.api().post("/api/v1/chats/" + group + "/messages", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(owner.api().delete("/api/v1/chats/" + group + "/members/" + alice.userId()).status()).isLessThan(300);

        // the ack was lost and Alice's client retries: she learns her message was stored, nothing new is stored
        var retry = alice.api().post("/api/v1/chats/" + group + "/messages", body);
        assertThat(retry.status()).as(retry.raw()).isEqualTo(200);
        assertThat(retry.body().get("messageId").asString()).isEqualTo(first.body().get("messageId").asString());
        var fresh = alice.api().post("/api/v1/chats/" + group + "/messages", Map.of("clientMsgId", "new-after-leaving", "text", "x"));
        assertThat(fresh.status()).isGreaterThanOrEqualTo(400);
        assertThat(owner.api().get("/api/v1/chats/" + group + "/messages").body().get("messages")).hasSize(1);

        // the same clientMsgId in another chat is refused, and stores nothing there
        String direct = directChat(alice, bob);
        var reused = alice.api().post("/api/v1/chats/" + direct + "/messages", body);
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.code()).isEqualTo("client_msg_id_reused");
        assertThat(bob.api().get("/api/v1/chats/" + direct + "/messages").body().get("messages")).isEmpty();
    }

    @Test
    void reply_forward_edit_delete_react_and_star() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        String chat = directChat(alice, bob);
        String other = directChat(alice, carol);
        var original = sendText(bob, chat, "lunch at noon?");
        String id = original.get("messageId").asString();

        var reply = bob.api().post("/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", "r1", "text", "or one?", "replyTo", id));
        assertThat(reply.body().get("replyTo").asString()).isEqualTo(id);
        var badReply = alice.api().post("/api/v1/chats/" + other + "/messages", Map.of("clientMsgId", "r2", "text", "x", "replyTo", id));
        assertThat(badReply.status()).isEqualTo(400);
        assertThat(badReply.code()).isEqualTo("invalid_reply");

        var forwarded = alice.api().post("/api/v1/chats/" + other + "/messages", Map.of("clientMsgId", "f1", "forwardOf", id));
        assertThat(forwarded.status()).isEqualTo(201);
        assertThat(forwarded.body().get("forwarded").asBoolean()).isTrue();
        assertThat(forwarded.body().get("text").asString()).isEqualTo("lunch at noon?");
        var forwardNotVisible = carol.api().post("/api/v1/chats/" + other + "/messages", Map.of("clientMsgId", "f2", "forwardOf", id));
        assertThat(forwardNotVisible.code()).isEqualTo("invalid_forward");

        var notMine = alice.api().patch("/api/v1/chats/" + chat + "/messages/" + id, Map.of("text", "hijack"));
        assertThat(notMine.status()).isEqualTo(403);
        assertThat(notMine.code()).isEqualTo("not_sender");
        var edited = bob.api().patch("/api/v1/chats/" + chat + "/messages/" + id, Map.of("text", "lunch at one?"));
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.body().get("text").asString()).isEqualTo("lunch at one?");
        assertThat(edited.body().get("editedAt").isNull()).isFalse();

        var reacted = alice.api().put("/api/v1/chats/" + chat + "/messages/" + id + "/reactions", Map.of("emoji", "👍"));
        alice.api().put("/api/v1/chats/" + chat + "/messages/" + id + "/reactions", Map.of("emoji", "❤️"));
        var afterSecond = bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages").get(0).get("reactions");
        assertThat(reacted.status()).isEqualTo(200);
        assertThat(afterSecond).hasSize(1);
        assertThat(afterSecond.get(0).get("emoji").asString()).isEqualTo("❤️");
        assertThat(alice.api().put("/api/v1/chats/" + chat + "/messages/" + id + "/reactions", Map.of("emoji", "hello")).code())
                .isEqualTo("invalid_emoji");

        assertThat(alice.api().put("/api/v1/chats/" + chat + "/messages/" + id + "/star", Map.of()).body().get("starred").asBoolean()).isTrue();
        assertThat(alice.api().get("/api/v1/starred").body().get("messages")).extracting(m -> m.get("messageId").asString()).containsExactly(id);
        assertThat(bob.api().get("/api/v1/starred").body().get("messages")).isEmpty();

        assertThat(alice.api().delete("/api/v1/chats/" + chat + "/messages/" + id + "?for=me").status()).isEqualTo(204);
        assertThat(alice.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages"))
                .extracting(m -> m.get("messageId").asString()).doesNotContain(id);
        assertThat(bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages"))
                .extracting(m -> m.get("messageId").asString()).contains(id);

        assertThat(alice.api().delete("/api/v1/chats/" + chat + "/messages/" + reply.body().get("messageId").asString() + "?for=everyone").status())
                .isEqualTo(403);
        var gone = bob.api().delete("/api/v1/chats/" + chat + "/messages/" + id + "?for=everyone");
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.body().get("deleted").asBoolean()).isTrue();
        assertThat(gone.body().get("text").isNull()).isTrue();
        assertThat(gone.body().get("reactions")).isEmpty();
    }

    @Test
    void read_watermarks_unread_counts_and_receipts() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        String chat = groupChat(alice, "Trip", bob, carol);
        var m1 = sendText(alice, chat, "one");
        sendText(alice, chat, "two");
        var m3 = sendText(alice, chat, "three");

        assertThat(unread(bob, chat)).isEqualTo(3);
        var read = bob.api().post("/api/v1/chats/" + chat + "/read", Map.of("upToSeq", 2));
        assertThat(read.body().get("publicReadSeq").asLong()).isEqualTo(2);
        assertThat(read.body().get("privateReadSeq").asLong()).isEqualTo(2);
        assertThat(unread(bob, chat)).isEqualTo(1);
        // watermarks never move backwards
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/read", Map.of("upToSeq", 1)).body().get("publicReadSeq").asLong()).isEqualTo(2);
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/read", Map.of("upToSeq", 99)).code()).isEqualTo("invalid_seq");
        carol.api().post("/api/v1/chats/" + chat + "/delivered", Map.of("upToSeq", 3));

        var r1 = alice.api().get("/api/v1/chats/" + chat + "/messages/" + m1.get("messageId").asString() + "/receipts").body();
        assertThat(r1.get("readBy")).extracting(JsonNode::asString).containsExactly(bob.userId());
        assertThat(r1.get("deliveredTo")).extracting(JsonNode::asString).containsExactlyInAnyOrder(bob.userId(), carol.userId());
        var r3 = alice.api().get("/api/v1/chats/" + chat + "/messages/" + m3.get("messageId").asString() + "/receipts").body();
        assertThat(r3.get("readBy")).isEmpty();
        assertThat(bob.api().get("/api/v1/chats/" + chat + "/messages/" + m1.get("messageId").asString() + "/receipts").status())
                .isEqualTo(403);
        assertThat(unread(alice, chat)).as("own messages are never unread").isZero();
    }

    private long unread(Session s, String chatId) {
        return s.api().get("/api/v1/chats/" + chatId).body().get("unreadCount").asLong();
    }

    @Test
    void outsiders_get_404_for_everything_about_a_chat() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var mallory = signUp("Mallory");
        String chat = directChat(alice, bob);
        String id = sendText(alice, chat, "secret").get("messageId").asString();
        var m = mallory.api();
        for (var r : List.of(
                m.get("/api/v1/chats/" + chat),
                m.get("/api/v1/chats/" + chat + "/messages"),
                m.get("/api/v1/chats/" + chat + "/messages/" + id + "/receipts"),
                m.post("/api/v1/chats/" + chat + "/messages", Map.of("clientMsgId", "x", "text", "hi")),
                m.patch("/api/v1/chats/" + chat + "/messages/" + id, Map.of("text", "x")),
                m.delete("/api/v1/chats/" + chat + "/messages/" + id + "?for=everyone"),
                m.put("/api/v1/chats/" + chat + "/messages/" + id + "/reactions", Map.of("emoji", "👍")),
                m.post("/api/v1/chats/" + chat + "/read", Map.of("upToSeq", 1)),
                m.get("/api/v1/chats/c_doesnotexist"))) {
            assertThat(r.status()).as(r.raw()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("not_found");
        }
        assertThat(m.get("/api/v1/chats").body().get("chats")).isEmpty();
        assertThat(alice.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages").get(0).get("text").asString())
                .isEqualTo("secret");
    }

    @Test
    void bad_input_is_refused_and_changes_nothing() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        String path = "/api/v1/chats/" + chat + "/messages";
        var malformed = alice.api().send("POST", path, "{\"clientMsgId\":", "application/json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.code()).isEqualTo("malformed_json");
        assertThat(alice.api().post(path, Map.of("clientMsgId", "a", "text", List.of("x"))).status()).isEqualTo(400);
        assertThat(alice.api().post(path, Map.of("text", "no id")).code()).isEqualTo("missing_field");
        assertThat(alice.api().post(path, Map.of("clientMsgId", "b", "text", "x".repeat(64 * 1024 + 1))).code()).isEqualTo("text_too_long");
        assertThat(alice.api().post(path, Map.of("clientMsgId", "c", "type", "hologram", "text", "x")).code()).isEqualTo("invalid_type");
        assertThat(alice.api().post(path, Map.of("clientMsgId", "d", "type", "location", "location", Map.of("latitude", 91, "longitude", 0))).code())
                .isEqualTo("invalid_location");
        assertThat(alice.api().get(path + "?limit=0").code()).isEqualTo("invalid_parameter");
        assertThat(alice.api().get(path + "?afterSeq=abc").code()).isEqualTo("invalid_parameter");
        assertThat(alice.api().get(path).body().get("messages")).isEmpty();
        assertThat(alice.api().post(path, Map.of("clientMsgId", "e", "type", "location",
                "location", Map.of("latitude", 52.52, "longitude", 13.4, "name", "Berlin"))).status()).isEqualTo(201);
    }

    @Test
    void message_text_is_not_stored_in_plaintext() throws Exception {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        String marker = "plaintext-canary-" + UUID.randomUUID();
        sendText(alice, chat, marker);
        List<byte[]> rows = jdbc.sql("SELECT body FROM messages WHERE body IS NOT NULL").query((rs, n) -> rs.getBytes(1)).list();
        assertThat(rows).isNotEmpty();
        for (byte[] body : rows) assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain(marker);
        jdbc.sql("PRAGMA wal_checkpoint(FULL)").query(rs -> {});
        for (String file : List.of("cloak.db", "cloak.db-wal")) {
            Path p = dataDir().resolve(file);
            if (Files.exists(p)) assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).doesNotContain(marker);
        }
        assertThat(bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages").get(0).get("text").asString()).isEqualTo(marker);
    }
}
