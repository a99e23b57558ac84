package app.cloak.search;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Search over real HTTP: messages sent, edited and deleted through the API, then searched. */
class SearchApiTest extends ApiTestBase {
    private static final Random RANDOM = new Random();

    /** A word no other test uses (the application context and its database are shared). */
    private static String word() {
        StringBuilder w = new StringBuilder("zq");
        for (int i = 0; i < 8; i++) w.append((char) ('b' + RANDOM.nextInt(24)));
        return w.toString();
    }


    private String send(Session s, String chatId, String text) {
        return sendText(s, chatId, text).get("messageId").asString();
    }

    /** Waits for the events committed so far (edits, and on PostgreSQL sends, are indexed after their commit, on the outbox relay), then searches. */
    private Api.Response search(Session s, String q, String chatId) {
        awaitEventsHandled();
        String path = "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + (chatId == null ? "" : "&chatId=" + URLEncoder.encode(chatId, StandardCharsets.UTF_8));
        return s.api().get(path);
    }

    private List<JsonNode> hits(Session s, String q, String chatId) {
        var r = search(s, q, chatId);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return StreamSupport.stream(r.body().get("hits").spliterator(), false).toList();
    }

    private List<String> hitIds(Session s, String q) {
        return hits(s, q, null).stream().map(h -> h.get("message").get("messageId").asString()).toList();
    }

    @Test
    void findsOnlyInTheCallersChats() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        String w = word();
        String aliceBob = directChat(alice, bob);
        String team = groupChat(alice, "g", bob, carol);
        String bobCarol = directChat(bob, carol);
        String m1 = send(bob, aliceBob, "the " + w + " is ready");
        String m2 = send(carol, team, w + " again in the group");
        String hidden = send(carol, bobCarol, "private " + w + " between bob and carol");

        assertThat(hitIds(alice, w)).containsExactlyInAnyOrder(m1, m2).doesNotContain(hidden);
        assertThat(hitIds(bob, w)).containsExactlyInAnyOrder(m1, m2, hidden);
        assertThat(hitIds(carol, w)).containsExactlyInAnyOrder(m2, hidden);
        assertThat(hitIds(signUp("Dave"), w)).isEmpty();

        var hit = hits(alice, w, aliceBob);
        assertThat(hit).singleElement().satisfies(h -> {
            assertThat(h.get("message").get("chatId").asString()).isEqualTo(aliceBob);
            assertThat(h.get("message").get("text").asString()).isEqualTo("the " + w + " is ready");
            assertThat(h.get("message").get("senderId").asString()).isEqualTo(bob.userId());
        });
    }

    @Test
    void aChatTheCallerIsNotInIs404AndLeaksNothing() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        String w = word();
        String bobCarol = directChat(bob, carol);
        send(bob, bobCarol, "secret " + w);

        var notMember = search(alice, w, bobCarol);
        assertThat(notMember.status()).isEqualTo(404);
        assertThat(notMember.code()).isEqualTo("not_found");
        assertThat(notMember.contentType()).startsWith("application/problem+json");
        assertThat(notMember.raw()).doesNotContain(w).doesNotContain("secret");

        var unknown = search(alice, w, "c_doesnotexist");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");
        assertThat(unknown.body().get("detail").asString()).isEqualTo(notMember.body().get("detail").asString());
    }

    @Test
    void aMemberWhoLeavesNoLongerFindsTheChat() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String w = word();
        String team = groupChat(alice, "g", bob);
        String m = send(alice, team, "plans for " + w);
        assertThat(hitIds(bob, w)).containsExactly(m);
        var left = bob.api().delete("/api/v1/chats/" + team + "/members/" + bob.userId());
        assertThat(left.status()).as(left.raw()).isIn(200, 204);
        assertThat(hitIds(bob, w)).isEmpty();
        assertThat(search(bob, w, team).status()).isEqualTo(404);
    }

    @Test
    void deletedForEveryoneLeavesTheIndex() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String w = word();
        String chat = directChat(alice, bob);
        String gone = send(alice, chat, "oops " + w);
        String kept = send(alice, chat, "keep " + w);
        assertThat(hitIds(bob, w)).containsExactlyInAnyOrder(gone, kept);

        var deleted = alice.api().delete("/api/v1/chats/" + chat + "/messages/" + gone + "?for=everyone");
        assertThat(deleted.status()).as(deleted.raw()).isIn(200, 204);
        assertThat(hitIds(bob, w)).containsExactly(kept);
        assertThat(hitIds(alice, w)).containsExactly(kept);
        assertThat(hitIds(alice, "oops")).doesNotContain(gone);
        // Gone from the index itself, not only filtered out on the way back.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM search_docs WHERE message_id = ?").param(gone).query(Long.class).single()).isZero();
    }

    @Test
    void deletedForMeIsHiddenOnlyFromMe() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String w = word();
        String chat = directChat(alice, bob);
        String m = send(alice, chat, "hide " + w);
        var hidden = bob.api().delete("/api/v1/chats/" + chat + "/messages/" + m + "?for=me");
        assertThat(hidden.status()).as(hidden.raw()).isIn(200, 204);
        assertThat(hitIds(bob, w)).isEmpty();
        assertThat(hitIds(alice, w)).containsExactly(m);
    }

    @Test
    void aSentMessageIsFoundTheMomentItsSendIsAcknowledged() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String w = word();
        String chat = directChat(alice, bob);
        String m = send(alice, chat, "the " + w + " arrived");
        // no waiting for the outbox: on SQLite (this suite's database) a send is indexed in its own transaction
        var r = bob.api().get("/api/v1/search?q=" + w);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("hits").get(0).get("message").get("messageId").asString()).isEqualTo(m);
    }

    @Test
    void anEditIsReindexed() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String before = word(), after = word();
        String chat = directChat(alice, bob);
        String m = send(alice, chat, "meet at the " + before);
        assertThat(hitIds(bob, before)).containsExactly(m);

        var edited = alice.api().patch("/api/v1/chats/" + chat + "/messages/" + m, Map.of("text", "meet at the " + after));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(hitIds(bob, before)).isEmpty();
        assertThat(hitIds(bob, after)).containsExactly(m);
        assertThat(hits(bob, after, chat).getFirst().get("message").get("text").asString()).isEqualTo("meet at the " + after);
    }

    @Test
    void snippetsHighlightEveryFormOfTheWordsAndAreEscaped() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String w = word();
        String chat = directChat(alice, bob);
        send(alice, chat, "<b>Running</b> late for the " + w + " & the Café");

        var hit = hits(bob, "run CAFE " + w, null);
        assertThat(hit).hasSize(1);
        assertThat(hit.getFirst().get("snippet").asString())
                .isEqualTo("&lt;b&gt;<mark>Running</mark>&lt;/b&gt; late for the <mark>" + w + "</mark> &amp; the <mark>Café</mark>");
        assertThat(hitIds(bob, "runs " + w)).hasSize(1);
        assertThat(hitIds(bob, "walking " + w)).isEmpty(); // every word must match
    }

    @Test
    void betterMatchesRankFirst() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String w = word();
        String chat = directChat(alice, bob);
        String passing = send(alice, chat, "a long message about lunch, trains, the weather, and somewhere in it " + w);
        String focused = send(alice, chat, w + " " + w + "!");
        assertThat(hitIds(bob, w)).containsExactly(focused, passing);
    }

    @Test
    void queriesAreValidated() {
        var alice = signUp("Alice");
        var missing = alice.api().get("/api/v1/search");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("missing_field");
        var blank = search(alice, "   ", null);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.code()).isEqualTo("missing_field");
        var tooLong = search(alice, "a".repeat(257), null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo("field_too_long");
        assertThat(hits(alice, "?! …", null)).isEmpty();
        assertThat(anonymous().get("/api/v1/search?q=x").status()).isEqualTo(401);
    }
}
