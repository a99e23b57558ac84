package app.cloak.archives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Re-importing a longer or overlapping export of the same archive (form field archiveId) merges without duplicates. */
class ArchiveMergeApiTest extends ArchiveApiTestBase {
    static final String FIRST = lf(
            "10/02/2024, 10:00 - Ann: hi there",
            "10/02/2024, 10:01 - Bob: ok",
            "10/02/2024, 10:01 - Bob: ok",
            "10/02/2024, 10:05 - Ann: lunch today?");

    /** Longer at both ends, overlapping, and out of order in the file (11:00 before 10:05, 09:30 after 10:00). */
    static final String SECOND = lf(
            "10/02/2024, 09:00 - Bob: early bird",
            "10/02/2024, 10:00 - Ann: hi there",
            "10/02/2024, 09:30 - Ann: coffee first",
            "10/02/2024, 10:01 - Bob: ok",
            "10/02/2024, 10:01 - Bob: ok",
            "10/02/2024, 11:00 - Bob: done with the walrus",
            "10/02/2024, 10:05 - Ann: lunch today?");

    @Test
    void anImportReachesTheOwnersDevicesAsOneChatChangeNotAMessageEach() {
        var ann = signUp("Ann");
        try (var device = ws(ann)) {
            JsonNode first = imported(ann, "WhatsApp Chat with Bob.txt", utf8(FIRST));
            String chatId = first.get("chatId").asString();
            device.next("chat.updated", e -> e.get("chat").get("chatId").asString().equals(chatId));
            device.roundTrip();
            long before = chatUpdates(device, chatId);
            Reply merged = importExport(ann, "WhatsApp Chat with Bob.txt", utf8(SECOND), "archiveId", first.get("archiveId").asString());
            assertThat(merged.json().get("report").get("inserted").asInt()).isEqualTo(3);
            long deadline = System.nanoTime() + app.cloak.testing.WsClient.WAIT.toNanos();
            while (chatUpdates(device, chatId) == before && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(chatUpdates(device, chatId)).as("the merge is announced as a change of the chat").isGreaterThan(before);
            device.roundTrip();
            assertThat(device.all()).as("history, not news: no message.new per imported message")
                    .noneMatch(e -> e.get("type").asString().equals("message.new"));
        }
    }

    private static long chatUpdates(app.cloak.testing.WsClient device, String chatId) {
        return device.all().stream().filter(e -> e.get("type").asString().equals("chat.updated")
                && e.get("chat").get("chatId").asString().equals(chatId)).count();
    }

    @Test
    void aLongerOverlappingOutOfOrderExportMergesWithoutDuplicatesAndHistoryStaysChronological() {
        var ann = signUp("Ann");
        JsonNode first = imported(ann, "WhatsApp Chat with Bob.txt", utf8(FIRST));
        String archiveId = first.get("archiveId").asString();
        String chatId = first.get("chatId").asString();
        assertThat(history(ann, chatId)).hasSize(4);

        Reply merged = importExport(ann, "WhatsApp Chat with Bob.txt", utf8(SECOND), "archiveId", archiveId);
        assertThat(merged.status()).as(merged.text()).isEqualTo(200);
        JsonNode report = merged.json().get("report");
        assertThat(merged.json().get("merged").asBoolean()).isTrue();
        assertThat(merged.json().get("chatId").asString()).isEqualTo(chatId);
        assertThat(report.get("messages").asInt()).isEqualTo(7);
        assertThat(report.get("outOfOrder").asInt()).isEqualTo(2);
        assertThat(report.get("inserted").asInt()).isEqualTo(3);
        assertThat(report.get("duplicates").asInt()).isEqualTo(4);
        assertThat(report.get("resequenced").asBoolean()).isTrue();

        JsonNode history = history(ann, chatId);
        assertThat(texts(history)).containsExactly("early bird", "coffee first", "hi there", "ok", "ok", "lunch today?", "done with the walrus");
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).get("seq").asLong()).isGreaterThan(history.get(i - 1).get("seq").asLong());
            assertThat(history.get(i).get("createdAt").asString()).isGreaterThanOrEqualTo(history.get(i - 1).get("createdAt").asString());
        }
        // No wait for the outbox: an import is indexed in its own transaction, so it is searchable once it answered.
        assertThat(ann.api().get("/api/v1/search?q=walrus").body().get("hits")).hasSize(1);
        assertThat(ann.api().get("/api/v1/search?q=lunch").body().get("hits")).hasSize(1);

        // The same export once more adds nothing; a third "ok" in the same minute is a new message.
        Reply again = importExport(ann, "again.txt", utf8(SECOND), "archiveId", archiveId);
        assertThat(again.json().get("report").get("inserted").asInt()).isZero();
        Reply third = importExport(ann, "third.txt", utf8(FIRST + "10/02/2024, 10:01 - Bob: ok\n"), "archiveId", archiveId);
        assertThat(third.json().get("report").get("inserted").asInt()).isEqualTo(1);
        assertThat(texts(history(ann, chatId))).containsExactly("early bird", "coffee first", "hi there", "ok", "ok", "ok",
                "lunch today?", "done with the walrus");

        JsonNode details = get(ann, "/api/v1/archives/" + archiveId).json();
        assertThat(details.get("imports")).hasSize(4);
        assertThat(details.get("imports").get(1).get("kind").asString()).isEqualTo("merge");
        // Analytics were recomputed on merge.
        assertThat(get(ann, "/api/v1/archives/" + archiveId + "/analytics").json().get("totals").get("messages").asInt()).isEqualTo(8);
    }

    @Test
    void onlyTheOwnerMergesAndAnUnknownArchiveIs404() {
        var ann = signUp("Ann");
        var eve = signUp("Eve");
        String archiveId = imported(ann, "chat.txt", utf8(FIRST)).get("archiveId").asString();
        Reply r = importExport(eve, "chat.txt", utf8(SECOND), "archiveId", archiveId);
        assertThat(r.status()).isEqualTo(404);
        assertThat(importExport(ann, "chat.txt", utf8(SECOND), "archiveId", "ar_nope").status()).isEqualTo(404);
        assertThat(storedFor(eve)).isZero();
    }

    static List<String> texts(JsonNode history) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : history) out.add(m.get("text").asString());
        return out;
    }
}
