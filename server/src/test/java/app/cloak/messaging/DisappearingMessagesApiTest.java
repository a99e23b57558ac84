package app.cloak.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.CloakApplication;
import app.cloak.chats.ChatMembershipChanged;
import app.cloak.messaging.internal.MessageExpiry;
import app.cloak.testing.Api;
import app.cloak.testing.MutableClock;
import app.cloak.testing.SmsGatewayStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Disappearing messages as users see them, over real HTTP, on a server whose clock the test moves (its
 * own context and data directory). The scheduled expiry job is pushed a day of real time away; the test
 * runs the job itself through {@link MessageExpiry#sweep()} when it wants the rows gone.
 */
@SpringBootTest(classes = {CloakApplication.class, DisappearingMessagesApiTest.TestBeans.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DisappearingMessagesApiTest {
    static final SmsGatewayStandIn SMS = SmsGatewayStandIn.start();
    static final long DAY = 86_400;
    static int phones = 0;
    static Path dataDir;

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        @Bean
        @Primary
        MutableClock testClock() {
            return MutableClock.startingNow();
        }

        @Bean
        ChatEventLog chatEventLog() {
            return new ChatEventLog();
        }
    }

    /** Every ChatMembershipChanged the server publishes (what the gateway turns into chat.updated). */
    static class ChatEventLog {
        final List<ChatMembershipChanged> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ChatMembershipChanged event) {
            events.add(event);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("cloak-disappearing-test-");
        registry.add("cloak.data-dir", dataDir::toString);
        registry.add("cloak.otp.sender", () -> "http");
        registry.add("cloak.otp.http-url", () -> SMS.url().toString());
        // The clock jumps days ahead: sessions must outlive that.
        registry.add("cloak.identity.access-token-ttl", () -> "365d");
        registry.add("cloak.messaging.expiry-sweep", () -> "1d");
    }

    @AfterAll
    static void stopGateway() {
        SMS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    MessageExpiry expiry;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChatEventLog chatChanges;

    record User(String userId, Api api) {}

    private User signUp() {
        String phone = "+1777" + String.format("%07d", ++phones);
        Api anonymous = new Api(URI.create("http://127.0.0.1:" + port), null);
        assertThat(anonymous.post("/api/v1/auth/otp", Map.of("phone", phone)).status()).isEqualTo(202);
        var verified = anonymous.post("/api/v1/auth/verify", Map.of("phone", phone, "code", SMS.lastCodeFor(phone)));
        assertThat(verified.status()).as(verified.raw()).isEqualTo(200);
        return new User(verified.body().get("userId").asString(), anonymous.as(verified.body().get("accessToken").asString()));
    }

    private static String directChat(User a, User b) {
        var r = a.api().post("/api/v1/chats", Map.of("type", "direct", "userId", b.userId()));
        assertThat(r.status()).as(r.raw()).isIn(200, 201);
        return r.body().get("chatId").asString();
    }

    private static String group(User owner, User... members) {
        var r = owner.api().post("/api/v1/chats", Map.of("type", "group", "name", "Hikers",
                "memberIds", java.util.Arrays.stream(members).map(User::userId).toList()));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("chatId").asString();
    }

    private static JsonNode send(User u, String chatId, String text) {
        var r = u.api().post("/api/v1/chats/" + chatId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    private static Api.Response setTimer(User u, String chatId, Object seconds) {
        Map<String, Object> body = new HashMap<>();
        body.put("disappearingSeconds", seconds);
        return u.api().patch("/api/v1/chats/" + chatId, body);
    }

    private static List<String> ids(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).map(m -> m.get("messageId").asString()).toList();
    }

    private static List<String> history(User u, String chatId) {
        var r = u.api().get("/api/v1/chats/" + chatId + "/messages");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return ids(r.body().get("messages"));
    }

    private static List<String> search(User u, String q) {
        var r = u.api().get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return StreamSupport.stream(r.body().get("hits").spliterator(), false)
                .map(h -> h.get("message").get("messageId").asString()).toList();
    }

    private static List<String> starred(User u) {
        return ids(u.api().get("/api/v1/starred").body().get("messages"));
    }

    private static JsonNode chat(User u, String chatId) {
        var r = u.api().get("/api/v1/chats/" + chatId);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    /** Search indexes after the commit, on the outbox relay: waits (10 s at most) for the events committed so far. */
    private void awaitEventsHandled() {
        long upTo = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM event_outbox").query(Long.class).single();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM event_outbox WHERE id <= ? AND attempts = 0")
                        .param(upTo).query(Long.class).single() == 0);
    }

    private long rows(String table, String column, String messageId) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?").param(messageId).query(Long.class).single();
    }

    /** Whether the SQLite file or its WAL holds these bytes anywhere, after a full checkpoint. */
    private boolean inDatabaseFiles(String text) {
        jdbc.sql("PRAGMA wal_checkpoint(TRUNCATE)").query(rs -> {});
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (String name : List.of("cloak.db", "cloak.db-wal")) {
            Path file = dataDir.resolve(name);
            try {
                if (Files.exists(file) && indexOf(Files.readAllBytes(file), needle) >= 0) return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static String word() {
        return "zq" + UUID.randomUUID().toString().replaceAll("[^a-z]", "");
    }

    @Test
    void a_24_hour_timer_makes_later_messages_vanish_from_every_view_and_then_from_storage() {
        var alice = signUp();
        var bob = signUp();
        String chatId = directChat(alice, bob);
        String w = word();
        var before = send(alice, chatId, "sent before the timer " + w);
        assertThat(before.get("expiresAt").isNull()).isTrue();

        int eventsBefore = chatChanges.events.size();
        var set = setTimer(bob, chatId, DAY); // either member of a direct chat may set it
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(set.body().get("disappearingSeconds").asLong()).isEqualTo(DAY);
        assertThat(chat(alice, chatId).get("disappearingSeconds").asLong()).isEqualTo(DAY);
        assertThat(chatChanges.events.subList(eventsBefore, chatChanges.events.size()))
                .contains(new ChatMembershipChanged(chatId, bob.userId()));

        var vanishing = send(bob, chatId, "this one disappears " + w);
        var hidden = send(bob, chatId, "alice deletes this one for herself " + w);
        String id = vanishing.get("messageId").asString();
        String hiddenId = hidden.get("messageId").asString();
        assertThat(Instant.parse(vanishing.get("expiresAt").asString()))
                .isEqualTo(Instant.parse(vanishing.get("createdAt").asString()).plus(Duration.ofDays(1)));
        assertThat(alice.api().put("/api/v1/chats/" + chatId + "/messages/" + id + "/reactions", Map.of("emoji", "👍")).status()).isEqualTo(200);
        assertThat(alice.api().put("/api/v1/chats/" + chatId + "/messages/" + id + "/star", Map.of()).status()).isEqualTo(200);
        assertThat(alice.api().delete("/api/v1/chats/" + chatId + "/messages/" + hiddenId + "?for=me").status()).isEqualTo(204);
        assertThat(history(alice, chatId)).containsExactly(before.get("messageId").asString(), id);
        awaitEventsHandled();
        assertThat(search(alice, w)).contains(id);
        assertThat(starred(alice)).containsExactly(id);
        assertThat(chat(alice, chatId).get("lastMessage").get("messageId").asString()).isEqualTo(id);
        assertThat(chat(alice, chatId).get("unreadCount").asLong()).as("bob's two messages").isEqualTo(2);

        clock.advance(Duration.ofDays(1).plusSeconds(1));

        // Gone for everyone at once, though the job has not run yet.
        for (var user : List.of(alice, bob)) {
            assertThat(history(user, chatId)).containsExactly(before.get("messageId").asString());
            assertThat(search(user, w)).containsExactly(before.get("messageId").asString());
            assertThat(chat(user, chatId).get("lastMessage").get("messageId").asString()).isEqualTo(before.get("messageId").asString());
        }
        assertThat(starred(alice)).isEmpty();
        assertThat(chat(alice, chatId).get("unreadCount").asLong()).isZero();
        assertThat(alice.api().put("/api/v1/chats/" + chatId + "/messages/" + id + "/reactions", Map.of("emoji", "🎉")).status())
                .isEqualTo(404);
        assertThat(rows("messages", "id", id)).as("still stored until the job runs").isEqualTo(1);
        assertThat(inDatabaseFiles(id)).as("control: the id is found in the files while the row exists").isTrue();

        assertThat(expiry.sweep()).isGreaterThanOrEqualTo(2);

        for (String gone : List.of(id, hiddenId)) {
            assertThat(rows("messages", "id", gone)).as("message row").isZero();
            assertThat(rows("message_reactions", "message_id", gone)).as("reactions").isZero();
            assertThat(rows("message_stars", "message_id", gone)).as("stars").isZero();
            assertThat(rows("message_hidden", "message_id", gone)).as("hidden marks").isZero();
            assertThat(rows("search_docs", "message_id", gone)).as("search index").isZero();
        }
        // Not even left behind in free pages of the SQLite file (secure_delete), once the WAL is checkpointed.
        assertThat(inDatabaseFiles(id)).as("expired message id in the database files").isFalse();
        assertThat(inDatabaseFiles(hiddenId)).as("expired message id in the database files").isFalse();
        String kept = before.get("messageId").asString();
        assertThat(rows("messages", "id", kept)).as("a message sent before the timer stays").isEqualTo(1);
        assertThat(rows("search_docs", "message_id", kept)).isEqualTo(1);
        assertThat(history(bob, chatId)).containsExactly(kept);
        assertThat(expiry.sweep()).as("nothing left to delete").isZero();
    }

    @Test
    void changing_the_timer_affects_only_messages_sent_after_the_change() {
        var alice = signUp();
        var bob = signUp();
        String chatId = directChat(alice, bob);
        assertThat(chat(alice, chatId).get("disappearingSeconds").asLong()).isZero();

        assertThat(setTimer(alice, chatId, 7 * DAY).status()).isEqualTo(200);
        var week = send(alice, chatId, "a week");
        assertThat(setTimer(alice, chatId, 90 * DAY).status()).isEqualTo(200);
        var quarter = send(alice, chatId, "ninety days");
        assertThat(setTimer(bob, chatId, 0).body().get("disappearingSeconds").asLong()).isZero();
        var forever = send(bob, chatId, "stays");
        assertThat(forever.get("expiresAt").isNull()).isTrue();
        assertThat(Instant.parse(week.get("expiresAt").asString()))
                .isEqualTo(Instant.parse(week.get("createdAt").asString()).plus(Duration.ofDays(7)));
        assertThat(Instant.parse(quarter.get("expiresAt").asString()))
                .isEqualTo(Instant.parse(quarter.get("createdAt").asString()).plus(Duration.ofDays(90)));

        clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertThat(history(bob, chatId)).containsExactly(quarter.get("messageId").asString(), forever.get("messageId").asString());
        clock.advance(Duration.ofDays(83));
        assertThat(history(bob, chatId)).containsExactly(forever.get("messageId").asString());
        expiry.sweep();
        assertThat(rows("messages", "chat_id", chatId)).isEqualTo(1);
    }

    @Test
    void in_a_group_only_admins_set_the_timer() {
        var owner = signUp();
        var ann = signUp();
        var outsider = signUp();
        String chatId = group(owner, ann);

        var refused = setTimer(ann, chatId, DAY);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("not_admin");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(setTimer(outsider, chatId, DAY).status()).isEqualTo(404);
        assertThat(chat(owner, chatId).get("disappearingSeconds").asLong()).isZero();
        assertThat(send(ann, chatId, "still stays").get("expiresAt").isNull()).isTrue();

        assertThat(owner.api().put("/api/v1/chats/" + chatId + "/members/" + ann.userId() + "/role", Map.of("role", "admin")).status())
                .isEqualTo(200);
        var set = setTimer(ann, chatId, 7 * DAY);
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(chat(owner, chatId).get("disappearingSeconds").asLong()).isEqualTo(7 * DAY);
        assertThat(send(owner, chatId, "goes in a week").get("expiresAt").isNull()).isFalse();
    }

    @Test
    void invalid_timers_are_refused_and_change_nothing() {
        var alice = signUp();
        var bob = signUp();
        String direct = directChat(alice, bob);
        for (Object bad : List.of(3600, 1, -86400, 86401, 7776001, 99999999999L)) {
            var r = setTimer(alice, direct, bad);
            assertThat(r.status()).as("%s: %s", bad, r.raw()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("invalid_disappearing_timer");
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(setTimer(alice, direct, "a day").status()).isEqualTo(400);
        assertThat(alice.api().patch("/api/v1/chats/" + direct, Map.of("name", "x", "disappearingSeconds", DAY)).code())
                .as("a direct chat has no name to change").isEqualTo("not_a_group");
        assertThat(chat(alice, direct).get("disappearingSeconds").asLong()).isZero();

        String group = group(alice, bob);
        var mixed = alice.api().patch("/api/v1/chats/" + group, Map.of("name", "Renamed", "disappearingSeconds", 5));
        assertThat(mixed.code()).isEqualTo("invalid_disappearing_timer");
        var unchanged = chat(alice, group);
        assertThat(unchanged.get("name").asString()).as("all or nothing").isEqualTo("Hikers");
        assertThat(unchanged.get("disappearingSeconds").asLong()).isZero();
        var both = alice.api().patch("/api/v1/chats/" + group, Map.of("name", "Renamed", "disappearingSeconds", DAY));
        assertThat(both.status()).as(both.raw()).isEqualTo(200);
        assertThat(both.body().get("name").asString()).isEqualTo("Renamed");
        assertThat(both.body().get("disappearingSeconds").asLong()).isEqualTo(DAY);
    }
}
