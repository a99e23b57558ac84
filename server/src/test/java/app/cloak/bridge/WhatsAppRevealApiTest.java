package app.cloak.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.cloak.testing.GraphApiStandIn;
import app.cloak.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The privacy proof: reading bridged messages in every way the API allows tells WhatsApp nothing; one reveal sends
 * exactly one read receipt for the newest message revealed; errors by Meta's code; replies go out through the Graph API.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class WhatsAppRevealApiTest extends BridgeTestSupport {
    private static final String NEWEST_IN_KINDS = "wamid.NFM1";

    private String sheenaChat(Linked l) {
        deliverFixtures(l, "p1_text.json", "kinds.json");
        awaitProcessed(l);
        return chatNamed(l.owner(), "Sheena Nelson").get("chatId").asString();
    }

    @Test
    void readingACloakedWhatsappChatInEveryWayMakesNoGraphCallAndOneRevealMakesExactlyOne() {
        var l = link("Private Reader");
        String chatId = sheenaChat(l);
        List<JsonNode> messages = history(l.owner(), chatId);
        long lastSeq = messages.getLast().get("seq").asLong();
        String someMessage = messages.getFirst().get("messageId").asString();

        // Every way of reading, over and over.
        for (int round = 0; round < 3; round++) {
            assertThat(l.owner().api().get("/api/v1/chats").status()).isEqualTo(200);
            assertThat(l.owner().api().get("/api/v1/chats/" + chatId).status()).isEqualTo(200);
            assertThat(l.owner().api().get("/api/v1/chats/" + chatId + "/messages?limit=100").status()).isEqualTo(200);
            assertThat(l.owner().api().get("/api/v1/chats/" + chatId + "/messages?afterSeq=0&limit=2").status()).isEqualTo(200);
            assertThat(l.owner().api().get("/api/v1/chats/" + chatId + "/messages?around=" + someMessage).status()).isIn(200, 400);
            assertThat(l.owner().api().get("/api/v1/search?q=" + URLEncoder.encode("color", StandardCharsets.UTF_8)).status()).isEqualTo(200);
            assertThat(l.owner().api().get("/api/v1/search?q=Cancel&chatId=" + chatId).status()).isEqualTo(200);
            var read = l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of("upToSeq", lastSeq));
            assertThat(read.status()).as(read.raw()).isEqualTo(200);
            assertThat(read.body().get("publicReadSeq").asLong()).isZero();
            assertThat(l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of()).status()).isEqualTo(200);
            assertThat(l.owner().api().post("/api/v1/chats/" + chatId + "/delivered", Map.of("upToSeq", lastSeq)).status()).isEqualTo(200);
            assertThat(l.owner().api().get("/api/v1/chats/" + chatId + "/cloak").status()).isEqualTo(200);
            try (WsClient ws = ws(l.owner())) {
                ws.send(Map.of("type", "sync"));
                ws.next("sync.done");
                ws.send(Map.of("type", "message.delivered", "chatId", chatId, "upToSeq", lastSeq));
                ws.send(Map.of("type", "message.read", "chatId", chatId, "upToSeq", lastSeq));
                ws.send(Map.of("type", "typing.start", "chatId", chatId));
                ws.send(Map.of("type", "typing.stop", "chatId", chatId));
                ws.roundTrip();
            }
        }
        JsonNode status = l.owner().api().get("/api/v1/chats/" + chatId + "/cloak").body();
        assertThat(status.get("privateReadSeq").asLong()).isEqualTo(lastSeq);
        assertThat(status.get("publicReadSeq").asLong()).isZero();
        // Give any stray asynchronous sender time to show itself, then: nothing reached WhatsApp.
        sleep(1500);
        assertThat(messageCalls(l)).isEmpty();

        // One reveal of everything read: exactly one read receipt, for the newest message, exactly as Meta documents it.
        var reveal = l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of());
        assertThat(reveal.status()).as(reveal.raw()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCalls(l).size() == 1);
        sleep(1500);
        List<GraphApiStandIn.Call> calls = messageCalls(l);
        assertThat(calls).hasSize(1);
        GraphApiStandIn.Call call = calls.getFirst();
        assertThat(call.path()).isEqualTo("/v26.0/" + PHONE_ID + "/messages");
        assertThat(call.body()).isEqualTo("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"" + NEWEST_IN_KINDS + "\"}");

        // Shown to the user: the call list, and the audit log.
        JsonNode listed = l.owner().api().get("/api/v1/bridge/whatsapp/links/" + l.linkId() + "/calls").body().get("calls").get(0);
        assertThat(listed.get("kind").asString()).isEqualTo("read");
        assertThat(listed.get("state").asString()).isEqualTo("sent");
        assertThat(listed.get("wamid").asString()).isEqualTo(NEWEST_IN_KINDS);
        assertThat(listed.get("upToSeq").asLong()).isEqualTo(lastSeq);
        JsonNode audit = l.owner().api().get("/api/v1/audit").body().get("entries");
        assertThat(auditOf(audit, "bridge.call").get("detail").get("outcome").asString()).isEqualTo("sent");
        assertThat(auditOf(audit, "reveal").get("detail").get("toSeq").asLong()).isEqualTo(lastSeq);

        // Revealing again with nothing new sends nothing.
        l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of());
        sleep(1000);
        assertThat(messageCalls(l)).hasSize(1);
    }

    @Test
    void aRevealUpToAnEarlierMessageNamesTheNewestWhatsappMessageAtOrBeforeIt() {
        var l = link("Partial Revealer");
        String chatId = sheenaChat(l);
        List<JsonNode> m = history(l.owner(), chatId);
        JsonNode list = byText(m, "Priority Mail Express — Next Day to 2 Days");
        l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of());
        assertThat(l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of("upToSeq", list.get("seq").asLong())).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCalls(l).size() == 1);
        assertThat(messageCalls(l).getFirst().json().get("message_id").asString()).isEqualTo("wamid.LIST1");
    }

    @Test
    void aScheduledRevealSendsOneReadReceiptWhenItFires() {
        var l = link("Scheduled Revealer");
        String chatId = sheenaChat(l);
        l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of());
        var scheduled = l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of("afterSeconds", 1));
        assertThat(scheduled.status()).as(scheduled.raw()).isIn(200, 201, 202);
        assertThat(messageCalls(l)).isEmpty();
        await().atMost(Duration.ofSeconds(15)).until(() -> messageCalls(l).size() == 1);
        sleep(1000);
        assertThat(messageCalls(l)).hasSize(1);
        assertThat(messageCalls(l).getFirst().json().get("message_id").asString()).isEqualTo(NEWEST_IN_KINDS);
    }

    @Test
    void aPermanentErrorIsNotRetriedAndIsShownOnTheLinkAndInTheAuditLog() {
        var l = link("Unlucky Revealer");
        String chatId = sheenaChat(l);
        GRAPH.rejectRead(NEWEST_IN_KINDS, 131009);
        l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of());
        l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> "131009".equals(lastErrorCode(l)));
        sleep(2000);   // several retry periods: none comes
        assertThat(messageCalls(l)).hasSize(1);
        JsonNode call = l.owner().api().get("/api/v1/bridge/whatsapp/links/" + l.linkId() + "/calls").body().get("calls").get(0);
        assertThat(call.get("state").asString()).isEqualTo("failed");
        assertThat(call.get("errorCode").asString()).isEqualTo("131009");
        assertThat(call.get("attempts").asInt()).isEqualTo(1);
        JsonNode audit = auditOf(l.owner().api().get("/api/v1/audit").body().get("entries"), "bridge.call");
        assertThat(audit.get("detail").get("outcome").asString()).isEqualTo("failed");
        assertThat(audit.get("detail").get("errorCode").asString()).isEqualTo("131009");
        // The reveal itself stands locally: others in Cloak would see it; WhatsApp refused it.
        assertThat(l.owner().api().get("/api/v1/chats/" + chatId + "/cloak").body().get("publicReadSeq").asLong()).isPositive();
    }

    @Test
    void throttlingIsRetriedWithBackoffUntilItGoesThrough() {
        var l = link("Throttled Revealer");
        String chatId = sheenaChat(l);
        GRAPH.failNext(400, 130429, "Rate limit hit").failNext(400, 131056, "Pair rate limit hit");
        l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of());
        l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> messageCalls(l).size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> "sent".equals(
                l.owner().api().get("/api/v1/bridge/whatsapp/links/" + l.linkId() + "/calls").body().get("calls").get(0).get("state").asString()));
        List<GraphApiStandIn.Call> calls = messageCalls(l);
        assertThat(calls).extracting(GraphApiStandIn.Call::body).containsOnly(calls.getFirst().body());
        JsonNode audit = l.owner().api().get("/api/v1/audit").body().get("entries");
        assertThat(audit.toString()).contains("\"outcome\":\"retrying\"").contains("130429").contains("131056");
        sleep(1000);
        assertThat(messageCalls(l)).hasSize(3);
    }

    @Test
    void typingIndicatorsGoOnlyWhenTheUserTurnsThemOn() {
        var l = link("Typist");
        String chatId = sheenaChat(l);
        l.owner().api().patch("/api/v1/bridge/whatsapp/links/" + l.linkId(), Map.of("sendTyping", true));
        l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of());
        l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCalls(l).size() == 1);
        assertThat(messageCalls(l).getFirst().json().get("typing_indicator").get("type").asString()).isEqualTo("text");
    }

    @Test
    void aTextReplyGoesOutThroughTheGraphApiAndItsStatusesFollow() {
        var l = link("Replier");
        String chatId = sheenaChat(l);
        JsonNode sent = sendText(l.owner(), chatId, "Yes, in blue and green 💙");
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCalls(l).size() == 1);
        GraphApiStandIn.Call call = messageCalls(l).getFirst();
        assertThat(call.json().get("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(call.json().get("recipient_type").asString()).isEqualTo("individual");
        assertThat(call.json().get("to").asString()).isEqualTo("16505551234");
        assertThat(call.json().get("type").asString()).isEqualTo("text");
        assertThat(call.json().get("text").get("body").asString()).isEqualTo("Yes, in blue and green 💙");
        assertThat(call.json().has("status")).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> "sent".equals(callsOf(l).get(0).get("state").asString()));
        String wamid = callsOf(l).get(0).get("wamid").asString();
        assertThat(wamid).startsWith("wamid.OUTBOUND");
        assertThat(callsOf(l).get(0).get("messageId").asString()).isEqualTo(sent.get("messageId").asString());
        // The reply is in the chat like any message.
        assertThat(byText(history(l.owner(), chatId), "Yes, in blue and green 💙").get("senderId").asString()).isEqualTo(l.owner().userId());

        deliver(l, statusBody(wamid, "read", 1749600010, "16505551234"));
        deliver(l, statusBody(wamid, "delivered", 1749600005, "16505551234"));
        awaitProcessed(l);
        JsonNode delivery = callsOf(l).get(0).get("delivery").get(0);
        assertThat(delivery.get("recipient").asString()).isEqualTo("16505551234");
        assertThat(delivery.get("status").asString()).isEqualTo("read");

        // A reply into a group goes to the group.
        deliverFixtures(l, "p2_group_text.json");
        awaitProcessed(l);
        sendText(l.owner(), chatNamed(l.owner(), "WhatsApp group").get("chatId").asString(), "Hello group");
        await().atMost(Duration.ofSeconds(10)).until(() -> messageCalls(l).size() == 2);
        JsonNode groupCall = messageCalls(l).get(1).json();
        assertThat(groupCall.get("recipient_type").asString()).isEqualTo("group");
        assertThat(groupCall.get("to").asString()).isEqualTo(GROUP);
    }

    @Test
    void afterUnlinkingNothingArrivesTheChatsStayAndARevealStaysInsideCloak() {
        var l = link("Unlinker");
        String chatId = sheenaChat(l);
        assertThat(l.owner().api().delete("/api/v1/bridge/whatsapp/links/" + l.linkId()).status()).isEqualTo(204);
        byte[] more = fixture("system.json");
        assertThat(post(l.webhookPath(), more, sign(more)).status()).isEqualTo(404);
        assertThat(history(l.owner(), chatId)).isNotEmpty();
        l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of());
        assertThat(l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of()).status()).isEqualTo(200);
        sendText(l.owner(), chatId, "nobody will get this");
        sleep(1500);
        assertThat(messageCalls(l)).isEmpty();
    }

    @Test
    void tokensAndSecretsNeverReachTheLog(org.springframework.boot.test.system.CapturedOutput output) {
        var l = link("Quiet Bridger");
        String chatId = sheenaChat(l);
        GRAPH.rejectRead(NEWEST_IN_KINDS, 190);
        l.owner().api().post("/api/v1/chats/" + chatId + "/read", Map.of());
        l.owner().api().post("/api/v1/chats/" + chatId + "/reveal", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> "190".equals(lastErrorCode(l)));
        byte[] p1 = fixture("p1_text.json");
        post(l.webhookPath(), p1, "sha256=" + "0".repeat(64));
        org.slf4j.LoggerFactory.getLogger(WhatsAppRevealApiTest.class).warn("bridge log capture works");
        assertThat(output.getAll()).contains("bridge log capture works").doesNotContain(l.token()).doesNotContain(SECRET)
                .doesNotContain(VERIFY).doesNotContain("Does it come in another color?");
    }

    private List<JsonNode> callsOf(Linked l) {
        List<JsonNode> out = new java.util.ArrayList<>();
        l.owner().api().get("/api/v1/bridge/whatsapp/links/" + l.linkId() + "/calls").body().get("calls").forEach(out::add);
        return out;
    }

    private String lastErrorCode(Linked l) {
        JsonNode e = l.owner().api().get("/api/v1/bridge/whatsapp/links/" + l.linkId()).body().get("lastError");
        return e == null || e.isNull() ? null : e.get("code").asString();
    }

    private static JsonNode auditOf(JsonNode entries, String action) {
        for (JsonNode e : entries) if (action.equals(e.get("action").asString())) return e;
        throw new AssertionError("No audit entry " + action + " in " + entries);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
