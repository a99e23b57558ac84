package app.cloak.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Signed payloads of every type, replayed byte for byte, batched, duplicated and out of order; seen through the normal API. */
class WhatsAppIngestApiTest extends BridgeTestSupport {

    @Test
    void everyInboundTypeBecomesAMessageInACloakedWhatsappChatWithTheContactsName() {
        var l = link("Owner Ingest");
        GRAPH.expireFirstUrl("1003383421387256");   // the image's first media URL has expired: a fresh one is fetched
        deliverFixtures(l, "p1_text.json", "media.json", "kinds.json", "system.json", "unsupported.json", "errors.json", "bsuid.json",
                "p2_group_text.json", "group_text2.json");
        awaitProcessed(l);

        JsonNode sheena = chatNamed(l.owner(), "Sheena Nelson");
        String chatId = sheena.get("chatId").asString();
        var cloak = l.owner().api().get("/api/v1/chats/" + chatId + "/cloak");
        assertThat(cloak.body().get("enabled").asBoolean()).as("bridged chats start cloaked").isTrue();
        assertThat(cloak.body().get("source").asString()).isEqualTo("chat");

        List<JsonNode> m = history(l.owner(), chatId);
        JsonNode p1 = byText(m, "Does it come in another color?");
        assertThat(p1.get("type").asString()).isEqualTo("text");
        assertThat(p1.get("senderId").asString()).isEqualTo("x:16505551234");
        assertThat(p1.get("senderName").asString()).isEqualTo("Sheena Nelson");
        assertThat(p1.get("createdAt").asString()).isEqualTo("2025-06-08T20:59:43Z");

        JsonNode image = byText(m, "Taj Mahal");
        assertThat(image.get("type").asString()).isEqualTo("image");
        assertThat(image.get("media").get("mime").asString()).isEqualTo("image/jpeg");
        assertThat(image.get("media").get("size").asLong()).isEqualTo(3000);
        var download = anonymous().get(image.get("media").get("url").asString().replace("http://127.0.0.1:" + port, ""));
        assertThat(download.status()).isEqualTo(200);
        JsonNode voice = m.stream().filter(x -> x.get("type").asString().equals("voice")).findFirst().orElseThrow();
        assertThat(voice.get("media").get("mime").asString()).isEqualTo("audio/ogg");
        assertThat(byText(m, "Eclipse").get("type").asString()).isEqualTo("video");
        assertThat(byText(m, "Invoice").get("type").asString()).isEqualTo("document");
        assertThat(byText(m, "Invoice").get("media").get("mime").asString()).isEqualTo("application/pdf");
        JsonNode sticker = m.stream().filter(x -> x.get("type").asString().equals("sticker")).findFirst().orElseThrow();
        assertThat(sticker.get("media").get("mime").asString()).isEqualTo("image/webp");
        // The media-URL flow, with the token, and a second URL after the expired one.
        var mediaCalls = GRAPH.calls().stream().filter(c -> ("Bearer " + l.token()).equals(c.authorization()) && c.method().equals("GET")).toList();
        assertThat(mediaCalls.stream().filter(c -> c.path().equals("/v26.0/1003383421387256"))).hasSize(2);
        assertThat(mediaCalls.stream().filter(c -> c.path().startsWith("/media-dl/1003383421387256"))).hasSize(2);
        assertThat(mediaCalls.getFirst().query()).isEqualTo("phone_number_id=" + PHONE_ID);

        JsonNode location = m.stream().filter(x -> x.get("type").asString().equals("location")).findFirst().orElseThrow();
        assertThat(location.get("location").get("latitude").asDouble()).isEqualTo(37.44221496582);
        assertThat(location.get("location").get("name").asString()).isEqualTo("Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301");
        List<JsonNode> contacts = m.stream().filter(x -> x.get("type").asString().equals("contact")).toList();
        assertThat(contacts).hasSize(2);
        assertThat(contacts.get(0).get("contact").get("name").asString()).isEqualTo("Barbara J. Johnson");
        assertThat(contacts.get(0).get("contact").get("phones").get(0).asString()).isEqualTo("+1 (415) 555-0829");
        assertThat(contacts.get(1).get("contact").get("name").asString()).isEqualTo("Zoë");
        assertThat(byText(m, "Priority Mail Express — Next Day to 2 Days").get("type").asString()).isEqualTo("text");
        assertThat(byText(m, "Cancel").get("type").asString()).isEqualTo("text");
        assertThat(byText(m, "Unsubscribe").get("type").asString()).isEqualTo("text");
        assertThat(byText(m, "Replying to your question").get("replyTo").asString()).isEqualTo(p1.get("messageId").asString());
        assertThat(byText(m, "Forwarded news").get("type").asString()).isEqualTo("text");
        assertThat(byText(m, "Unsupported WhatsApp message (poll_creation)").get("type").asString()).isEqualTo("unsupported");
        assertThat(byText(m, "Unsupported WhatsApp message (interactive nfm_reply)").get("type").asString()).isEqualTo("unsupported");
        assertThat(byText(m, "Unsupported WhatsApp message (edit) (error 131051: Message type unknown)").get("type").asString())
                .isEqualTo("unsupported");
        assertThat(byText(m, "User Sheena Nelson changed from 16505551234 to 12195555358").get("type").asString()).isEqualTo("system");

        // A user known only by a business-scoped id and a username.
        JsonNode jose = chatNamed(l.owner(), "José Piña");
        JsonNode hello = history(l.owner(), jose.get("chatId").asString()).getFirst();
        assertThat(hello.get("text").asString()).isEqualTo("Olá! Café às 5/6? 😀 a@b.c");
        assertThat(hello.get("senderId").asString()).isEqualTo("x:US.13491208655302741918");

        // The group: one chat for both participants, each with their own name.
        JsonNode group = chatNamed(l.owner(), "WhatsApp group");
        List<JsonNode> g = history(l.owner(), group.get("chatId").asString());
        assertThat(g).extracting(x -> x.get("senderName").asString()).containsExactly("Tiago Mingo", "Rui");

        // Value-level errors are shown on the link.
        JsonNode view = l.owner().api().get("/api/v1/bridge/whatsapp/links/" + l.linkId()).body();
        assertThat(view.get("lastError").get("code").asString()).isEqualTo("130429");

        // Searchable like any message.
        awaitEventsHandled();   // search indexes after the commit, on the outbox relay
        var found = l.owner().api().get("/api/v1/search?q=" + URLEncoder.encode("another color", StandardCharsets.UTF_8));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.raw()).contains(p1.get("messageId").asString());

        // Later: reactions (set, removed), an edit and a revoke (coexistence numbers).
        deliverFixtures(l, "reaction.json");
        awaitProcessed(l);
        JsonNode reacted = byText(history(l.owner(), chatId), "Does it come in another color?");
        assertThat(reacted.get("reactions")).hasSize(1);
        assertThat(reacted.get("reactions").get(0).get("userId").asString()).isEqualTo("x:16505551234");
        assertThat(reacted.get("reactions").get(0).get("emoji").asString()).isEqualTo("👍");
        deliverFixtures(l, "reaction_removed.json", "edit_revoke.json");
        awaitProcessed(l);
        List<JsonNode> after = history(l.owner(), chatId);
        assertThat(byText(after, "Does it come in another color?").get("reactions")).isEmpty();
        JsonNode edited = byText(after, "Replying to your question (edited)");
        assertThat(edited.get("editedAt").isNull()).isFalse();
        JsonNode revoked = after.stream().filter(x -> x.get("messageId").asString().equals(byText(m, "Forwarded news").get("messageId").asString()))
                .findFirst().orElseThrow();
        assertThat(revoked.get("deleted").asBoolean()).isTrue();
        // Nothing of all this told WhatsApp anything.
        assertThat(messageCalls(l)).isEmpty();
    }

    @Test
    void aBatchWithSeveralEntriesChangesAndSendersIsHandledCompletelyAndOnlyForTheLinkedNumber() {
        var l = link("Owner Batch");
        deliverFixtures(l, "batch.json");
        awaitProcessed(l);
        assertThat(history(l.owner(), chatNamed(l.owner(), "Ana").get("chatId").asString()))
                .extracting(x -> x.get("text").asString()).containsExactly("Ana one", "Ana two");
        assertThat(history(l.owner(), chatNamed(l.owner(), "Ben").get("chatId").asString()))
                .extracting(x -> x.get("text").asString()).containsExactly("Ben one", "Ben two");
        assertThat(chatNamed(l.owner(), "Lucky Shrub team")).isNotNull();   // group_lifecycle_update names the group
        assertThat(whatsappChats(l.owner())).extracting(c -> c.get("name").asString()).doesNotContain("Other");
        assertThat(statusOf(l, "wamid.OUTBOUND1", "16505551234")).isEqualTo("sent");

        // The group's subject then names its messages' chat.
        deliverFixtures(l, "p2_group_text.json");
        awaitProcessed(l);
        assertThat(history(l.owner(), chatNamed(l.owner(), "Lucky Shrub team").get("chatId").asString())).hasSize(1);
    }

    @Test
    void duplicatesAreAbsorbedOutOfOrderReferencesResolveLaterAndStatusesNeverMoveBack() {
        var l = link("Owner Dupes");
        // The reaction arrives before the message it is about.
        deliverFixtures(l, "reaction.json");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.sql("SELECT attempts FROM bridge_inbox WHERE link_id = ?").param(l.linkId()).query(Integer.class).single() >= 1);
        deliverFixtures(l, "p1_text.json", "p1_text.json", "batch.json", "batch.json", "p1_text.json");
        awaitProcessed(l);
        String chatId = chatNamed(l.owner(), "Sheena Nelson").get("chatId").asString();
        List<JsonNode> m = history(l.owner(), chatId);
        assertThat(m).hasSize(1);
        assertThat(m.getFirst().get("reactions").get(0).get("emoji").asString()).isEqualTo("👍");
        assertThat(history(l.owner(), chatNamed(l.owner(), "Ana").get("chatId").asString())).hasSize(2);

        // Statuses out of order and repeated: read stays read.
        deliverFixtures(l, "status_read.json", "status_delivered.json", "status_sent.json", "status_read.json", "status_delivered.json");
        awaitProcessed(l);
        assertThat(statusOf(l, "wamid.OUTBOUND1", "16505551234")).isEqualTo("read");
        // Group statuses per participant, both spellings of the participant field.
        deliverFixtures(l, "status_group_read.json", "status_group_delivered.json");
        awaitProcessed(l);
        assertThat(statusOf(l, "wamid.GROUPOUT1", "16505551234")).isEqualTo("read");
        assertThat(statusOf(l, "wamid.GROUPOUT1", "16505559999")).isEqualTo("read");
        deliverFixtures(l, "status_failed.json");
        awaitProcessed(l);
        assertThat(statusOf(l, "wamid.FAILED1", "16505551234")).isEqualTo("failed");
        assertThat(l.owner().api().get("/api/v1/bridge/whatsapp/links/" + l.linkId()).body().get("lastError").get("code").asString())
                .isEqualTo("131049");
    }

    @Test
    void aMessageCloakCannotStoreBecomesAPlaceholderAndDoesNotHoldBackTheRest() {
        var l = link("Owner Oversize");
        String huge = "é".repeat(40_000);   // 80,000 UTF-8 bytes: over the 64 KiB text limit
        byte[] body = metaStyle("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + PHONE_ID + "\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Olga\"},\"wa_id\":\"4915100000001\"}],\"messages\":["
                + "{\"from\":\"4915100000001\",\"id\":\"wamid.HUGE\",\"timestamp\":\"1749700000\",\"type\":\"text\",\"text\":{\"body\":\"" + huge + "\"}},"
                + "{\"from\":\"4915100000001\",\"id\":\"wamid.SMALL\",\"timestamp\":\"1749700001\",\"type\":\"text\",\"text\":{\"body\":\"small one\"}}"
                + "]}}]}]}");
        deliver(l, body);
        awaitProcessed(l);
        List<JsonNode> m = history(l.owner(), chatNamed(l.owner(), "Olga").get("chatId").asString());
        assertThat(m).hasSize(2);
        assertThat(m.get(0).get("type").asString()).isEqualTo("unsupported");
        assertThat(m.get(0).get("text").asString()).startsWith("WhatsApp message that could not be stored");
        assertThat(m.get(1).get("text").asString()).isEqualTo("small one");
    }

    @Test
    void mediaMetaCannotServeIsGivenUpAtOnceAndTheMessageKeptWithItsCaption() {
        var l = link("Owner Lost Media");
        byte[] body = metaStyle("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + PHONE_ID + "\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Pia\"},\"wa_id\":\"4915100000002\"}],\"messages\":["
                + "{\"from\":\"4915100000002\",\"id\":\"wamid.LOSTIMAGE\",\"timestamp\":\"1749700000\",\"type\":\"image\","
                + "\"image\":{\"caption\":\"Gone already\",\"mime_type\":\"image/jpeg\",\"sha256\":\"x\",\"id\":\"4040404040\"}}"
                + "]}}]}]}");
        deliver(l, body);
        awaitProcessed(l);
        JsonNode m = history(l.owner(), chatNamed(l.owner(), "Pia").get("chatId").asString()).getFirst();
        assertThat(m.get("type").asString()).isEqualTo("image");
        assertThat(m.get("text").asString()).isEqualTo("Gone already (media unavailable)");
        assertThat(m.get("media").isNull()).isTrue();
        assertThat(l.owner().api().get("/api/v1/bridge/whatsapp/links/" + l.linkId()).body().get("lastError").get("code").asString())
                .isEqualTo("100");
    }

    private String statusOf(Linked l, String wamid, String recipient) {
        return jdbc.sql("SELECT status FROM bridge_statuses WHERE link_id = ? AND wamid = ? AND recipient = ?")
                .params(l.linkId(), wamid, recipient).query(String.class).optional().orElse(null);
    }
}
