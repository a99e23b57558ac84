package app.cloak.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.chats.ChatsApi;
import app.cloak.messaging.MessagingApi.ExternalMessage;
import app.cloak.shared.ApiProblem;
import app.cloak.testing.ApiTestBase;
import app.cloak.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Chats fed from outside Cloak (archives, the WhatsApp bridge) through the modules' public API, seen by the owner
 * through the normal HTTP and WebSocket API.
 */
class ExternalMessagesApiTest extends ApiTestBase {
    @Autowired ChatsApi chats;
    @Autowired MessagingApi messaging;

    private static final long T0 = 1_600_000_000_000L;

    @Test
    void externalMessagesShowInTheChatListHistoryAndSearchWithTheSendersName() {
        var owner = signUp("Owner");
        String chatId = chats.createExternal(owner.userId(), ChatsApi.WHATSAPP, "link1:" + newPhone(), "Dora").chat().chatId();

        var appended = messaging.appendExternal(chatId, owner.userId(), List.of(
                ExternalMessage.text("wamid.1", "15550001", "Dora", "hello from the outside quokka", T0),
                ExternalMessage.text("wamid.2", "15550001", "Dora", "second one", T0 + 1000)));
        assertThat(appended.inserted()).isEqualTo(2);
        assertThat(appended.duplicates()).isZero();

        var list = owner.api().get("/api/v1/chats");
        JsonNode chat = find(list.body().get("chats"), chatId);
        assertThat(chat.get("type").asText()).isEqualTo("whatsapp");
        assertThat(chat.get("name").asText()).isEqualTo("Dora");
        assertThat(chat.get("unreadCount").asInt()).isEqualTo(2);
        assertThat(chat.get("lastMessage").get("text").asText()).isEqualTo("second one");

        var history = owner.api().get("/api/v1/chats/" + chatId + "/messages").body().get("messages");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("senderId").asText()).isEqualTo("x:15550001");
        assertThat(history.get(0).get("senderName").asText()).isEqualTo("Dora");
        assertThat(history.get(0).get("createdAt").asText()).isEqualTo("2020-09-13T12:26:40Z");
        assertThat(history.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(history.get(1).get("seq").asLong()).isEqualTo(2);

        // No wait for the outbox: a bulk append is indexed in its own transaction.
        var hits = owner.api().get("/api/v1/search?q=quokka").body().get("hits");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).get("message").get("messageId").asText()).isEqualTo(appended.messageIds().get(0));
    }

    @Test
    void appendingTheSameExternalIdsAgainStoresNothingNewAndGivesTheEarlierIds() {
        var owner = signUp("Owner");
        String chatId = chats.createExternal(owner.userId(), ChatsApi.ARCHIVE, "import:" + newPhone(), "Old chat").chat().chatId();
        var first = messaging.appendExternal(chatId, owner.userId(), List.of(
                ExternalMessage.text("k1", "ann", "Ann", "one", T0), ExternalMessage.text("k2", "bob", "Bob", "two", T0 + 1)));
        // An overlapping, longer batch, in another order, with a repeat inside the batch itself.
        var second = messaging.appendExternal(chatId, owner.userId(), List.of(
                ExternalMessage.text("k3", "ann", "Ann", "three", T0 + 2), ExternalMessage.text("k2", "bob", "Bob", "two", T0 + 1),
                ExternalMessage.text("k1", "ann", "Ann", "one", T0), ExternalMessage.text("k3", "ann", "Ann", "three", T0 + 2)));
        assertThat(second.inserted()).isEqualTo(1);
        assertThat(second.duplicates()).isEqualTo(3);
        assertThat(second.messageIds().get(1)).isEqualTo(first.messageIds().get(1));
        assertThat(second.messageIds().get(2)).isEqualTo(first.messageIds().get(0));
        assertThat(second.messageIds().get(3)).isEqualTo(second.messageIds().get(0));
        assertThat(owner.api().get("/api/v1/chats/" + chatId + "/messages").body().get("messages")).hasSize(3);
        assertThat(messaging.messageIdOf(chatId, "k3")).contains(second.messageIds().get(0));
        assertThat(messaging.externalIdOf(second.messageIds().get(0))).contains("k3");

        // The same create is idempotent.
        var again = chats.createExternal(owner.userId(), ChatsApi.ARCHIVE, chatKey(chatId), "Old chat");
        assertThat(again.created()).isFalse();
    }

    @Test
    void anArchiveIsReadOnlyAndExternalChatsHaveNoGroupControls() {
        var owner = signUp("Owner");
        var other = signUp("Other");
        String archive = chats.createExternal(owner.userId(), ChatsApi.ARCHIVE, "ro:" + newPhone(), "Archive").chat().chatId();
        var send = owner.api().post("/api/v1/chats/" + archive + "/messages", Map.of("clientMsgId", "c1", "type", "text", "text", "hi"));
        assertThat(send.status()).isEqualTo(403);
        assertThat(send.code()).isEqualTo("read_only");
        var add = owner.api().post("/api/v1/chats/" + archive + "/members", Map.of("userIds", List.of(other.userId())));
        assertThat(add.status()).isEqualTo(400);
        assertThat(owner.api().get("/api/v1/chats/" + archive + "/messages").body().get("messages")).isEmpty();
        // Not a member: as if it did not exist.
        assertThat(other.api().get("/api/v1/chats/" + archive).status()).isEqualTo(404);
    }

    @Test
    void editsDeletesAndReactionsFromTheSourceReachTheOwnersDevices() {
        var owner = signUp("Owner");
        String chatId = chats.createExternal(owner.userId(), ChatsApi.WHATSAPP, "link2:" + newPhone(), "Eve").chat().chatId();
        try (WsClient ws = ws(owner)) {
            var ids = messaging.appendExternal(chatId, owner.userId(), List.of(
                    ExternalMessage.text("w1", "eve", "Eve", "typo hre", T0),
                    ExternalMessage.text("w2", "eve", "Eve", "regret", T0 + 1))).messageIds();
            ws.next("message.new", e -> e.toString().contains(ids.get(1)));

            assertThat(messaging.editExternal(chatId, "w1", "typo here")).isTrue();
            assertThat(messaging.reactExternal(chatId, "w1", "eve", "👍")).isTrue();
            assertThat(messaging.deleteExternal(chatId, "w2")).isTrue();
            assertThat(messaging.editExternal(chatId, "nope", "x")).isFalse();
            ws.next("message.deleted", e -> e.toString().contains(ids.get(1)));

            var history = owner.api().get("/api/v1/chats/" + chatId + "/messages").body().get("messages");
            assertThat(history.get(0).get("text").asText()).isEqualTo("typo here");
            assertThat(history.get(0).get("editedAt").isNull()).isFalse();
            assertThat(history.get(0).get("reactions").get(0).get("userId").asText()).isEqualTo("x:eve");
            assertThat(history.get(1).get("deleted").asBoolean()).isTrue();
            awaitEventsHandled();   // search re-indexes edits after their commit, on the outbox relay
            assertThat(owner.api().get("/api/v1/search?q=regret").body().get("hits")).isEmpty();
        }
    }

    @Test
    void aBadMessageInABatchStoresNoneOfIt() {
        var owner = signUp("Owner");
        String chatId = chats.createExternal(owner.userId(), ChatsApi.WHATSAPP, "link3:" + newPhone(), "Fay").chat().chatId();
        var bad = new ExternalMessage("w2", "fay", "Fay", "hologram", "?", T0, null, null, null, null);
        assertThatThrownBy(() -> messaging.appendExternal(chatId, owner.userId(),
                List.of(ExternalMessage.text("w1", "fay", "Fay", "fine", T0), bad)))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("hologram");
        assertThat(owner.api().get("/api/v1/chats/" + chatId + "/messages").body().get("messages")).isEmpty();
        assertThat(messaging.messageIdOf(chatId, "w1")).isEmpty();
    }

    private String chatKey(String chatId) {
        String key = jdbc.sql("SELECT direct_key FROM chats WHERE id = ?").param(chatId).query(String.class).single();
        return key.substring(key.indexOf(':') + 1);
    }

    private static JsonNode find(JsonNode chats, String chatId) {
        for (JsonNode c : chats) if (c.get("chatId").asText().equals(chatId)) return c;
        throw new AssertionError("chat " + chatId + " not in " + chats);
    }
}
