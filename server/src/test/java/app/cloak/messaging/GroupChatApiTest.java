package app.cloak.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Groups, roles, admin-only posting, per-user settings and blocking, over real HTTP. */
class GroupChatApiTest extends ApiTestBase {

    private String role(JsonNode chat, String userId) {
        for (JsonNode m : chat.get("members")) if (m.get("userId").asString().equals(userId)) return m.get("role").asString();
        return null;
    }

    private int post(Session s, String chat, String text) {
        return s.api().post("/api/v1/chats/" + chat + "/messages", Map.of("clientMsgId", java.util.UUID.randomUUID().toString(), "text", text)).status();
    }

    @Test
    void groupAdminsMayDeleteAnyonesMessageForEveryoneMembersOnlyTheirOwn() {
        var owner = signUp("Owner");
        var ann = signUp("Ann");
        var ben = signUp("Ben");
        String chat = groupChat(owner, "Deletes", ann, ben);
        java.util.function.Function<Session, String> send = s -> s.api().post("/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", java.util.UUID.randomUUID().toString(), "text", "hello")).body().get("messageId").asString();
        String bens = send.apply(ben);
        String path = "/api/v1/chats/" + chat + "/messages/" + bens + "?for=everyone";

        // a plain member may not delete someone else's message, and it stays
        assertThat(ann.api().delete(path).code()).isEqualTo("not_sender");
        assertThat(owner.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages").get(0).get("deleted").asBoolean()).isFalse();
        // the owner may
        var deleted = owner.api().delete(path);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
        // so may an admin, and only while admin
        owner.api().put("/api/v1/chats/" + chat + "/members/" + ann.userId() + "/role", Map.of("role", "admin"));
        assertThat(ann.api().delete("/api/v1/chats/" + chat + "/messages/" + send.apply(ben) + "?for=everyone").status()).isEqualTo(200);
        owner.api().put("/api/v1/chats/" + chat + "/members/" + ann.userId() + "/role", Map.of("role", "member"));
        assertThat(ann.api().delete("/api/v1/chats/" + chat + "/messages/" + send.apply(ben) + "?for=everyone").code()).isEqualTo("not_sender");

        // in a direct chat nobody is an admin of the other's messages
        String direct = owner.api().post("/api/v1/chats", Map.of("type", "direct", "userId", ben.userId())).body().get("chatId").asString();
        String inDirect = ben.api().post("/api/v1/chats/" + direct + "/messages",
                Map.of("clientMsgId", java.util.UUID.randomUUID().toString(), "text", "mine")).body().get("messageId").asString();
        assertThat(owner.api().delete("/api/v1/chats/" + direct + "/messages/" + inDirect + "?for=everyone").code()).isEqualTo("not_sender");
    }

    @Test
    void roles_membership_and_admin_only_posting() {
        var owner = signUp("Owner");
        var ann = signUp("Ann");
        var ben = signUp("Ben");
        var cat = signUp("Cat");
        var created = owner.api().post("/api/v1/chats", Map.of("type", "group", "name", "Climbing", "description", "Saturdays",
                "memberIds", List.of(ann.userId(), ben.userId())));
        assertThat(created.status()).isEqualTo(201);
        String chat = created.body().get("chatId").asString();
        assertThat(role(created.body(), owner.userId())).isEqualTo("owner");
        assertThat(role(created.body(), ann.userId())).isEqualTo("member");

        // members cannot manage; admins can; nobody outside sees anything
        assertThat(ann.api().post("/api/v1/chats/" + chat + "/members", Map.of("userIds", List.of(cat.userId()))).code()).isEqualTo("not_admin");
        assertThat(cat.api().get("/api/v1/chats/" + chat).status()).isEqualTo(404);
        var promoted = owner.api().put("/api/v1/chats/" + chat + "/members/" + ann.userId() + "/role", Map.of("role", "admin"));
        assertThat(role(promoted.body(), ann.userId())).isEqualTo("admin");
        var added = ann.api().post("/api/v1/chats/" + chat + "/members", Map.of("userIds", List.of(cat.userId())));
        assertThat(added.status()).isEqualTo(200);
        assertThat(cat.api().get("/api/v1/chats/" + chat).status()).isEqualTo(200);
        assertThat(ann.api().delete("/api/v1/chats/" + chat + "/members/" + owner.userId()).code()).isEqualTo("insufficient_role");

        // admin-only messaging
        assertThat(ann.api().patch("/api/v1/chats/" + chat, Map.of("adminsOnly", true)).body().get("adminsOnly").asBoolean()).isTrue();
        assertThat(post(ben, chat, "can I?")).isEqualTo(403);
        assertThat(post(ann, chat, "admins can")).isEqualTo(201);
        var demoted = owner.api().put("/api/v1/chats/" + chat + "/members/" + ann.userId() + "/role", Map.of("role", "member"));
        assertThat(role(demoted.body(), ann.userId())).isEqualTo("member");
        assertThat(post(ann, chat, "not any more")).isEqualTo(403);

        // remove and leave
        assertThat(owner.api().delete("/api/v1/chats/" + chat + "/members/" + ben.userId()).status()).isEqualTo(200);
        assertThat(ben.api().get("/api/v1/chats/" + chat + "/messages").status()).isEqualTo(404);
        assertThat(cat.api().delete("/api/v1/chats/" + chat + "/members/" + cat.userId()).status()).isEqualTo(204);
        assertThat(cat.api().get("/api/v1/chats").body().get("chats")).isEmpty();

        // the owner leaving hands ownership on
        assertThat(owner.api().delete("/api/v1/chats/" + chat + "/members/" + owner.userId()).status()).isEqualTo(204);
        assertThat(role(ann.api().get("/api/v1/chats/" + chat).body(), ann.userId())).isEqualTo("owner");
    }

    @Test
    void group_input_is_checked() {
        var owner = signUp("Owner");
        assertThat(owner.api().post("/api/v1/chats", Map.of("type", "group", "memberIds", List.of())).code()).isEqualTo("missing_field");
        assertThat(owner.api().post("/api/v1/chats", Map.of("type", "group", "name", "x", "memberIds", List.of("u_nobody"))).code())
                .isEqualTo("unknown_user");
        assertThat(owner.api().post("/api/v1/chats", Map.of("type", "party")).code()).isEqualTo("invalid_type");
        assertThat(owner.api().post("/api/v1/chats", Map.of("type", "direct", "userId", "u_nobody")).status()).isEqualTo(404);
        assertThat(owner.api().get("/api/v1/chats").body().get("chats")).isEmpty();
    }

    @Test
    void mute_archive_pin_are_per_user() {
        var a = signUp("A");
        var b = signUp("B");
        String chat = a.api().post("/api/v1/chats", Map.of("type", "direct", "userId", b.userId())).body().get("chatId").asString();
        var s = a.api().put("/api/v1/chats/" + chat + "/settings",
                Map.of("mutedUntil", "2030-01-01T00:00:00Z", "archived", true, "pinned", true)).body();
        assertThat(s.get("mutedUntil").asString()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(s.get("archived").asBoolean()).isTrue();
        assertThat(s.get("pinned").asBoolean()).isTrue();
        var other = b.api().get("/api/v1/chats/" + chat).body();
        assertThat(other.get("pinned").asBoolean()).isFalse();
        assertThat(other.get("mutedUntil").isNull()).isTrue();
        assertThat(a.api().put("/api/v1/chats/" + chat + "/settings", Map.of("muted", false)).body().get("mutedUntil").isNull()).isTrue();
        assertThat(a.api().put("/api/v1/chats/" + chat + "/settings", Map.of("mutedUntil", "tomorrow")).code()).isEqualTo("invalid_time");
    }

    @Test
    void a_blocked_user_cannot_message_the_blocker() {
        var a = signUp("A");
        var b = signUp("B");
        String chat = a.api().post("/api/v1/chats", Map.of("type", "direct", "userId", b.userId())).body().get("chatId").asString();
        assertThat(post(b, chat, "hi")).isEqualTo(201);
        assertThat(a.api().post("/api/v1/blocks", Map.of("userId", b.userId())).status()).isEqualTo(204);
        var refused = b.api().post("/api/v1/chats/" + chat + "/messages", Map.of("clientMsgId", "blocked-1", "text", "hello?"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("blocked");
        assertThat(a.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")).hasSize(1);
        // The blocker must unblock before messaging the user they blocked (as in WhatsApp and Signal).
        var own = a.api().post("/api/v1/chats/" + chat + "/messages", Map.of("clientMsgId", "blocker-1", "text", "told you"));
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.code()).isEqualTo("you_blocked");
        assertThat(a.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")).hasSize(1);
        a.api().delete("/api/v1/blocks/" + b.userId());
        assertThat(post(b, chat, "back")).isEqualTo(201);
        assertThat(post(a, chat, "welcome back")).isEqualTo(201);
    }

    /** Media fields on a message that carries no media are refused, not silently dropped. */
    @Test
    void media_fields_on_a_text_message_are_refused() {
        var a = signUp("A");
        var b = signUp("B");
        String chat = directChat(a, b);
        var r = a.api().post("/api/v1/chats/" + chat + "/messages", Map.of("clientMsgId", "t-1", "type", "text", "text", "look",
                "mediaId", "md_nosuch"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_field");
        assertThat(r.raw()).contains("image");
        assertThat(a.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")).isEmpty();
    }
}
