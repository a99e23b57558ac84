package app.cloak.archives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/v1/archives/{id}/analytics on a small invented export, every number worked out by hand (see the comments
 * and docs/conversation-reader.md for the definitions).
 */
class ArchiveAnalyticsApiTest extends ArchiveApiTestBase {
    static final String CHAT = lf(
            "01/03/2024, 07:59 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
            "01/03/2024, 08:00 - Ann: Good morning 😀",           // Fri; 2 words; 😀; sentiment good+2 😀+2 = 4
            "01/03/2024, 08:10 - Bob: morning! great day 😀😀",   // reply Bob→Ann 600 s; 3 words; 2 emoji; great+3 😀😀+4 = 7
            "01/03/2024, 08:12 - Bob: <Media omitted>",           // media, no words, not scored
            "01/03/2024, 09:00 - Ann: I hate rain 😢",            // reply Ann→Bob 2,880 s; 3 words; hate-3 😢-2 = -5
            "02/03/2024, 20:00 - Bob: the rain and the rain",     // Sat; 35 h after Ann: no reply; 5 words; 0
            "04/03/2024, 20:30 - Ann: good");                     // Mon; 48.5 h: no reply; 1 word; +2

    @Test
    void theDashboardNumbersAreExact() {
        var ann = signUp("Ann");
        String archiveId = imported(ann, "chat.txt", utf8(CHAT)).get("archiveId").asString();
        Reply r = get(ann, "/api/v1/archives/" + archiveId + "/analytics");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode a = r.json();

        assertThat(a.get("language").asString()).isEqualTo("en");
        JsonNode totals = a.get("totals");
        assertThat(totals.get("messages").asInt()).isEqualTo(7);
        assertThat(totals.get("authoredMessages").asInt()).isEqualTo(6);
        assertThat(totals.get("words").asInt()).isEqualTo(14);
        assertThat(totals.get("media").asInt()).isEqualTo(1);
        assertThat(totals.get("emoji").asInt()).isEqualTo(4);
        assertThat(totals.get("participants").asInt()).isEqualTo(2);
        assertThat(totals.get("firstMessageAt").asString()).isEqualTo("2024-03-01T08:00");
        assertThat(totals.get("lastMessageAt").asString()).isEqualTo("2024-03-04T20:30");
        assertThat(totals.get("activeDays").asInt()).isEqualTo(3);

        JsonNode p = a.get("participants");
        assertThat(p).hasSize(2);
        assertThat(p.get(0).get("name").asString()).isEqualTo("Ann");
        assertThat(p.get(0).get("messages").asInt()).isEqualTo(3);
        assertThat(p.get(0).get("words").asInt()).isEqualTo(6);
        assertThat(p.get(0).get("media").asInt()).isZero();
        assertThat(p.get(0).get("emoji").asInt()).isEqualTo(2);
        assertThat(p.get(0).get("sentiment").asDouble()).isEqualTo(0.333);
        assertThat(p.get(1).get("name").asString()).isEqualTo("Bob");
        assertThat(p.get(1).get("messages").asInt()).isEqualTo(3);
        assertThat(p.get(1).get("words").asInt()).isEqualTo(8);
        assertThat(p.get(1).get("media").asInt()).isEqualTo(1);
        assertThat(p.get(1).get("emoji").asInt()).isEqualTo(2);
        assertThat(p.get(1).get("sentiment").asDouble()).isEqualTo(3.5);

        assertThat(buckets(a.get("activity").get("byDay"))).containsExactly("2024-03-01=4", "2024-03-02=1", "2024-03-04=1");
        assertThat(buckets(a.get("activity").get("byWeek"))).containsExactly("2024-W09=5", "2024-W10=1");
        assertThat(buckets(a.get("activity").get("byMonth"))).containsExactly("2024-03=6");

        JsonNode heat = a.get("heatmap").get("counts");
        assertThat(a.get("heatmap").get("weekdays").get(4).asString()).isEqualTo("FRIDAY");
        int sum = 0;
        for (JsonNode day : heat) for (JsonNode hour : day) sum += hour.asInt();
        assertThat(sum).isEqualTo(6);
        assertThat(heat.get(4).get(8).asInt()).isEqualTo(3);
        assertThat(heat.get(4).get(9).asInt()).isEqualTo(1);
        assertThat(heat.get(5).get(20).asInt()).isEqualTo(1);
        assertThat(heat.get(0).get(20).asInt()).isEqualTo(1);

        assertThat(counts(a.get("topWords"))).containsExactly("rain=3", "good=2", "morning=2", "day=1", "great=1", "hate=1");
        assertThat(counts(a.get("topEmoji"))).containsExactly("😀=3", "😢=1");

        JsonNode times = a.get("responseTimes");
        assertThat(times).hasSize(2);
        assertThat(times.get(0).get("replies").asInt()).isEqualTo(1);
        assertThat(times.get(0).get("medianSeconds").asLong()).isEqualTo(2880); // Ann (keys sort ann < bob)
        assertThat(times.get(1).get("medianSeconds").asLong()).isEqualTo(600);  // Bob
        JsonNode replies = a.get("replies");
        assertThat(replies).hasSize(2);
        for (JsonNode reply : replies) assertThat(reply.get("count").asInt()).isEqualTo(1);
        assertThat(replies.get(0).get("from").asString()).isNotEqualTo(replies.get(0).get("to").asString());

        JsonNode sentiment = a.get("sentiment");
        assertThat(sentiment.get("scoredLanguage").asString()).isEqualTo("en");
        assertThat(sentiment.get("lexiconLanguages").toString()).isEqualTo("[\"de\",\"en\",\"es\",\"fr\",\"pt\"]");
        JsonNode march = sentiment.get("byMonth").get(0);
        assertThat(march.get("month").asString()).isEqualTo("2024-03");
        assertThat(march.get("messages").asInt()).isEqualTo(5);
        assertThat(march.get("positive").asInt()).isEqualTo(3);
        assertThat(march.get("negative").asInt()).isEqualTo(1);
        assertThat(march.get("average").asDouble()).isEqualTo(1.6);

        // Stored, not recomputed per request: the row exists, sealed (no word in clear).
        byte[] stored = jdbc.sql("SELECT body FROM archive_analytics WHERE archive_id = ?").param(archiveId).query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("rain");
    }

    @Test
    void aMergeRecomputesTheAnalytics() {
        var ann = signUp("Ann");
        String archiveId = imported(ann, "chat.txt", utf8(CHAT)).get("archiveId").asString();
        Reply merged = importExport(ann, "chat.txt", utf8(CHAT + "05/03/2024, 12:00 - Ann: great rain\n"), "archiveId", archiveId);
        assertThat(merged.status()).as(merged.text()).isEqualTo(200);
        JsonNode a = get(ann, "/api/v1/archives/" + archiveId + "/analytics").json();
        assertThat(a.get("totals").get("authoredMessages").asInt()).isEqualTo(7);
        assertThat(counts(a.get("topWords")).subList(0, 2)).containsExactly("rain=4", "good=2");
        assertThat(buckets(a.get("activity").get("byDay"))).contains("2024-03-05=1");
    }

    static List<String> buckets(JsonNode buckets) {
        List<String> out = new ArrayList<>();
        for (JsonNode b : buckets) out.add(b.get("period").asString() + "=" + b.get("messages").asInt());
        return out;
    }

    static List<String> counts(JsonNode counts) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : counts) out.add(c.get("term").asString() + "=" + c.get("count").asInt());
        return out;
    }
}
