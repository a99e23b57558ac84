package app.cloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import app.cloak.testing.WsClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Offline sync: a device that was away gets everything it missed, in order, paged, then sync.done. */
class SyncApiTest extends ApiTestBase {

    @Test
    void aDeviceBackFromOfflineReceivesWhatItMissedInOrderThenSyncDone() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        String bobsMessage = sendText(bob, chat, "before going offline").get("messageId").asString();
        String cursor;
        try (var b = ws(bob)) {
            b.send(Map.of("type", "sync"));
            JsonNode first = b.next("message.new");
            assertThat(first.get("message").get("messageId").asString()).isEqualTo(bobsMessage);
            cursor = b.next("sync.done").get("cursor").asString();
        }

        // Bob is offline: 120 messages (three pages at the test page size of 50), an edit, a delete,
        // a new group, and Alice reading Bob's message.
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) sent.add(sendText(alice, chat, "missed " + i).get("messageId").asString());
        alice.api().patch("/api/v1/chats/" + chat + "/messages/" + sent.get(5), Map.of("text", "edited while away"));
        alice.api().delete("/api/v1/chats/" + chat + "/messages/" + sent.get(6) + "?for=everyone");
        String group = groupChat(alice, "Weekend", bob);
        alice.api().post("/api/v1/chats/" + chat + "/read", Map.of("upToSeq", 1));

        try (var b = ws(bob)) {
            b.send(Map.of("type", "sync", "cursor", cursor));
            String newCursor = b.next("sync.done").get("cursor").asString();
            assertThat(Long.parseLong(newCursor)).isGreaterThan(Long.parseLong(cursor));
            List<JsonNode> events = b.all().stream().filter(e -> !e.path("type").asString().equals("presence")).toList();
            List<String> types = events.stream().map(e -> e.get("type").asString()).toList();
            assertThat(types.getLast()).as(events.subList(Math.max(0, events.size() - 5), events.size()).toString()).isEqualTo("sync.done");

            List<JsonNode> news = events.stream().filter(e -> e.get("type").asString().equals("message.new")).toList();
            assertThat(news).hasSize(120);
            long previous = 0;
            for (int i = 0; i < news.size(); i++) {
                JsonNode m = news.get(i).get("message");
                assertThat(m.get("messageId").asString()).isEqualTo(sent.get(i));
                assertThat(m.get("seq").asLong()).isGreaterThan(previous);
                previous = m.get("seq").asLong();
            }
            // The edit and the delete come after the messages they change, as they happened.
            int edited = types.indexOf("message.updated");
            int deleted = types.indexOf("message.deleted");
            assertThat(edited).isGreaterThan(types.lastIndexOf("message.new"));
            assertThat(events.get(edited).get("message").get("text").asString()).isEqualTo("edited while away");
            assertThat(deleted).isGreaterThan(edited);
            assertThat(events.get(deleted).get("message").get("messageId").asString()).isEqualTo(sent.get(6));
            assertThat(events.stream().filter(e -> e.get("type").asString().equals("chat.updated"))
                    .map(e -> e.get("chat").get("chatId").asString())).contains(group);
            JsonNode status = events.stream().filter(e -> e.get("type").asString().equals("message.status")).findFirst().orElseThrow();
            assertThat(status.get("userId").asString()).isEqualTo(alice.userId());
            assertThat(status.get("readSeq").asLong()).isEqualTo(1);

            // Nothing new since: the same cursor comes straight back.
            int before = b.all().size();
            b.send(Map.of("type", "sync", "cursor", newCursor));
            assertThat(b.next("sync.done").get("cursor").asString()).isEqualTo(newCursor);
            assertThat(b.all().size()).isEqualTo(before + 1);
        }
    }

    @Test
    void syncIsAtLeastOnceAndIdsDeduplicateRepeats() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        for (int i = 0; i < 60; i++) sendText(alice, chat, "m" + i);
        try (var b = ws(bob)) {
            b.send(Map.of("type", "sync"));
            b.next("sync.done");
            b.send(Map.of("type", "sync"));
            b.next("sync.done");
            List<String> ids = b.all().stream().filter(e -> e.get("type").asString().equals("message.new"))
                    .map(e -> e.get("message").get("messageId").asString()).toList();
            Set<String> distinct = new HashSet<>(ids);
            assertThat(ids).hasSize(120);
            assertThat(distinct).hasSize(60);
        }
    }

    @Test
    void aBadCursorIsAnErrorAndTheConnectionStays() {
        var alice = signUp("Alice");
        try (WsClient a = ws(alice)) {
            a.send(Map.of("type", "sync", "cursor", "yesterday"));
            assertThat(a.next("error").get("code").asString()).isEqualTo("invalid_cursor");
            a.send(Map.of("type", "sync", "cursor", "999999999999"));
            assertThat(a.next("error").get("code").asString()).isEqualTo("invalid_cursor");
            a.send(Map.of("type", "sync", "cursor", "-5"));
            assertThat(a.next("error").get("code").asString()).isEqualTo("invalid_cursor");
            a.roundTrip();
            // A refused cursor changes nothing: live delivery carries on.
            var bob = signUp("Bob");
            sendText(bob, directChat(bob, alice), "still there?");
            assertThat(a.next("message.new").get("message").get("text").asString()).isEqualTo("still there?");
        }
    }

    @Test
    void connectingWithACursorReplaysWhatWasMissedBeforeAnythingLive() throws Exception {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        String cursor;
        try (var b = ws(bob)) {
            b.send(Map.of("type", "sync"));
            cursor = b.next("sync.done").get("cursor").asString();
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) sent.add(sendText(alice, chat, "missed " + i).get("messageId").asString());

        // Alice keeps writing while Bob's socket opens: live messages must queue behind the replay.
        List<String> live = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 20; i++) live.add(sendText(alice, chat, "live " + i).get("messageId").asString());
        });
        try (var b = WsClient.connect(port, bob.accessToken(), "cursor=" + cursor)) {
            writer.join();
            b.next("sync.done");
            for (String id : live) b.next("message.new", e -> e.get("message").get("messageId").asString().equals(id));
            List<JsonNode> news = b.all().stream().filter(e -> e.get("type").asString().equals("message.new")).toList();
            List<String> ids = news.stream().map(e -> e.get("message").get("messageId").asString()).toList();
            List<String> expected = new ArrayList<>(sent);
            expected.addAll(live);
            assertThat(ids).as("the replay, then the live messages, each once, in order").containsExactlyElementsOf(expected);
            long previous = 0;
            for (JsonNode e : news) {
                assertThat(e.get("message").get("seq").asLong()).isGreaterThan(previous);
                previous = e.get("message").get("seq").asLong();
            }
            assertThat(b.all().stream().filter(e -> e.get("type").asString().equals("sync.done"))).hasSize(1);
        }
    }

    @Test
    void aBadCursorOnConnectingIsAnErrorFrameAndTheSocketGoesLive() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var b = WsClient.connect(port, bob.accessToken(), "cursor=yesterday")) {
            assertThat(b.next("error").get("code").asString()).isEqualTo("invalid_cursor");
            b.roundTrip();
            sendText(alice, chat, "still there?");
            assertThat(b.next("message.new").get("message").get("text").asString()).isEqualTo("still there?");
            assertThat(b.all().stream().filter(e -> e.get("type").asString().equals("sync.done"))).isEmpty();
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    app.cloak.messaging.internal.ChangeFeedStore feed;

    @Test
    void aCursorOlderThanTheFeedKeepsIsExpiredAndEverythingStillWorks() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        sendText(alice, chat, "old news");
        String cursor;
        try (var b = ws(bob)) {
            b.send(Map.of("type", "sync", "cursor", "0"));
            cursor = b.next("sync.done").get("cursor").asString();
        }
        sendText(alice, chat, "about to be pruned");
        feed.prune(System.currentTimeMillis() + 1, 1_000_000);         // what the retention job does after 30 days
        sendText(alice, chat, "fresh");
        try (var b = ws(bob)) {
            b.send(Map.of("type", "sync", "cursor", cursor));
            assertThat(b.next("error").get("code").asString()).isEqualTo("cursor_expired");
            b.send(Map.of("type", "sync"));
            b.next("sync.done");
            assertThat(b.all().stream().filter(e -> e.get("type").asString().equals("message.new"))
                    .map(e -> e.get("message").get("text").asString())).containsExactly("fresh");
        }
    }

    @Test
    void aRemovedMemberNoLongerReceivesTheGroupsChanges() {
        var owner = signUp("Owner");
        var eve = signUp("Eve");
        String group = groupChat(owner, "Club", eve);
        String cursor;
        sendText(eve, group, "eve was here");
        try (var e = ws(eve)) {
            e.send(Map.of("type", "sync"));
            cursor = e.next("sync.done").get("cursor").asString();
        }
        owner.api().delete("/api/v1/chats/" + group + "/members/" + eve.userId());
        sendText(owner, group, "after eve left");
        owner.api().post("/api/v1/chats/" + group + "/read", Map.of());     // passes Eve's message: not her business any more
        try (var e = ws(eve)) {
            e.send(Map.of("type", "sync", "cursor", cursor));
            e.next("sync.done");
            assertThat(e.all()).noneMatch(ev -> ev.get("type").asString().equals("message.new"));
            assertThat(e.all()).noneMatch(ev -> ev.get("type").asString().equals("message.status"));
            assertThat(e.all()).anyMatch(ev -> ev.get("type").asString().equals("chat.updated") && ev.get("chat").has("removed"));
        }
    }

    /**
     * A message acknowledged to its sender reaches every device of every member it was sent to, across reconnects: a
     * member removed while offline still gets, on sync, what was sent while they were in the group (then the removal),
     * and nothing sent after it.
     */
    @Test
    void aMemberRemovedWhileOfflineStillGetsWhatWasSentBeforeTheRemoval() {
        var owner = signUp("Owner");
        var carl = signUp("Carl");
        String group = groupChat(owner, "Book club", carl);
        String cursor;
        try (var c = ws(carl)) {
            c.send(Map.of("type", "sync"));
            cursor = c.next("sync.done").get("cursor").asString();
        }
        var before = List.of(sendText(owner, group, "one").get("messageId").asString(),
                sendText(owner, group, "two").get("messageId").asString(),
                sendText(owner, group, "three").get("messageId").asString());
        owner.api().patch("/api/v1/chats/" + group + "/messages/" + before.get(1), Map.of("text", "two (edited)"));
        owner.api().delete("/api/v1/chats/" + group + "/members/" + carl.userId());
        sendText(owner, group, "after Carl was removed");
        try (var c = ws(carl)) {
            c.send(Map.of("type", "sync", "cursor", cursor));
            c.next("sync.done");
            List<String> types = c.all().stream().map(e -> e.get("type").asString()).filter(t -> !t.equals("presence") && !t.equals("pong")).toList();
            assertThat(types).containsExactly("message.new", "message.new", "message.new", "message.updated", "chat.updated", "sync.done");
            assertThat(c.all()).filteredOn(e -> e.get("type").asString().equals("message.new"))
                    .extracting(e -> e.get("message").get("messageId").asString()).containsExactlyElementsOf(before);
            assertThat(c.all()).noneMatch(e -> e.toString().contains("after Carl was removed"));
            assertThat(c.next("chat.updated").get("chat").get("removed").asBoolean()).isTrue();
        }
    }

    /**
     * Feed events sent live carry the cursor reached (on the last of each batch): a device that saves it reconnects
     * from there and is sent nothing it already has, however long it stayed connected since its last sync.done.
     */
    /**
     * A socket opened without a cursor starts at the feed's head: its live events carry no cursor (saving one would skip
     * what came before) until the device has synced; then they do.
     */
    @Test
    void withoutACursorLiveEventsCarryNoneUntilTheDeviceHasSynced() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        sendText(alice, chat, "before bob connected");
        try (var b = ws(bob)) {
            sendText(alice, chat, "live, not synced yet");
            assertThat(b.next("message.new").has("cursor")).isFalse();
            b.send(Map.of("type", "sync"));
            b.next("sync.done");
            sendText(alice, chat, "live, after the sync");
            assertThat(b.next("message.new", e -> e.get("message").get("text").asString().equals("live, after the sync")).has("cursor"))
                    .isTrue();
        }
    }

    @Test
    void liveEventsCarryTheCursorAndReconnectingFromItReplaysNothingAlreadyReceived() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        String cursor;
        try (var b = WsClient.connect(port, bob.accessToken(), "cursor=0")) {
            b.next("sync.done");
            for (String text : List.of("one", "two", "three")) {
                sendText(alice, chat, text);
                b.next("message.new", e -> e.get("message").get("text").asString().equals(text));
            }
            var withCursor = b.all().stream().filter(e -> e.has("cursor")).toList();
            assertThat(withCursor).as("live feed events carry the cursor").isNotEmpty();
            cursor = withCursor.getLast().get("cursor").asString();
            assertThat(b.all().getLast().get("message").get("text").asString()).isEqualTo("three");
            assertThat(b.all().getLast().get("cursor").asString()).isEqualTo(cursor);
        }
        sendText(alice, chat, "while away");
        try (var b = WsClient.connect(port, bob.accessToken(), "cursor=" + cursor)) {
            b.next("sync.done");
            assertThat(b.all()).filteredOn(e -> e.get("type").asString().equals("message.new"))
                    .extracting(e -> e.get("message").get("text").asString()).containsExactly("while away");
        }
    }
}
