package app.cloak.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.cloak.testing.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Private reading over HTTP and WebSocket: policy, per-chat cloak, reveal now and later, audit. */
class PrivacyApiTest extends ApiTestBase {

    @Test
    void policyHasSaneDefaultsAndRefusesNonsense() {
        var alice = signUp("Alice");
        JsonNode p = alice.api().get("/api/v1/privacy").body();
        assertThat(p.get("cloakByDefault").asBoolean()).isFalse();
        assertThat(p.get("appearOffline").asBoolean()).isFalse();
        assertThat(p.get("sendTyping").asBoolean()).isTrue();
        assertThat(p.get("lastSeen").asString()).isEqualTo("everyone");
        assertThat(alice.api().patch("/api/v1/privacy", Map.of("cloakByDefault", "yes")).status()).isEqualTo(400);
        assertThat(alice.api().patch("/api/v1/privacy", Map.of("lastSeen", "some")).status()).isEqualTo(400);
        var changed = alice.api().patch("/api/v1/privacy", Map.of("cloakByDefault", true, "sendTyping", false)).body();
        assertThat(changed.get("cloakByDefault").asBoolean()).isTrue();
        assertThat(changed.get("sendTyping").asBoolean()).isFalse();
        assertThat(changed.get("appearOffline").asBoolean()).isFalse();
        JsonNode audit = alice.api().get("/api/v1/audit").body().get("entries");
        assertThat(audit.get(0).get("action").asString()).isEqualTo("policy");
        assertThat(audit.get(0).get("detail").get("cloakByDefault").asBoolean()).isTrue();
    }

    @Test
    void aCloakedReadStaysPrivateUntilRevealed() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        assertThat(bob.api().put("/api/v1/chats/" + chat + "/cloak", Map.of("enabled", true)).body().get("enabled").asBoolean()).isTrue();
        String first = sendText(alice, chat, "one").get("messageId").asString();
        sendText(alice, chat, "two");
        sendText(alice, chat, "three");

        sendText(bob, chat, "my own reply");          // seq 4: Bob's own, never counted as read by him
        try (var a = ws(alice)) {
            var read = bob.api().post("/api/v1/chats/" + chat + "/read", Map.of("upToSeq", 4)).body();
            assertThat(read.get("publicReadSeq").asLong()).isZero();
            assertThat(read.get("privateReadSeq").asLong()).isEqualTo(4);
            assertThat(alice.api().get("/api/v1/chats/" + chat + "/messages/" + first + "/receipts").body().get("readBy")).isEmpty();
            var bobsChat = bob.api().get("/api/v1/chats/" + chat).body();
            assertThat(bobsChat.get("unreadCount").asLong()).as("Bob's own unread count drops").isZero();
            JsonNode status = bob.api().get("/api/v1/chats/" + chat + "/cloak").body();
            assertThat(status.get("hiddenCount").asLong()).isEqualTo(3);
            assertThat(status.get("othersSee").asString()).contains("not read any message").contains("3 messages");

            var revealed = bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("upToSeq", 2)).body();
            assertThat(revealed.get("status").asString()).isEqualTo("done");
            assertThat(revealed.get("toSeq").asLong()).isEqualTo(2);
            // The sender hears of it at that moment, and only up to the reveal.
            JsonNode atAlice = a.next("message.status", e -> e.get("userId").asString().equals(bob.userId()) && e.get("readSeq").asLong() > 0);
            assertThat(atAlice.get("readSeq").asLong()).isEqualTo(2);
            assertThat(alice.api().get("/api/v1/chats/" + chat + "/messages/" + first + "/receipts").body().get("readBy").get(0).asString())
                    .isEqualTo(bob.userId());
        }
        JsonNode audit = bob.api().get("/api/v1/audit").body().get("entries");
        JsonNode reveal = audit.get(0);
        assertThat(reveal.get("action").asString()).isEqualTo("reveal");
        assertThat(reveal.get("detail").get("fromSeq").asLong()).isZero();
        assertThat(reveal.get("detail").get("toSeq").asLong()).isEqualTo(2);
        assertThat(reveal.get("detail").get("trigger").asString()).isEqualTo("manual");
        var csv = bob.api().get("/api/v1/audit?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw()).startsWith("at,action,chatId,detail").contains(",reveal," + chat + ",");
    }

    @Test
    void turningCloakOffKeepsPrivateReadsHiddenByDefaultOrRevealsThemWhenAsked() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        String withAlice = directChat(alice, bob);
        String withCarol = directChat(carol, bob);
        for (String chat : new String[] {withAlice, withCarol}) {
            bob.api().put("/api/v1/chats/" + chat + "/cloak", Map.of("enabled", true));
        }
        sendText(alice, withAlice, "a");
        sendText(carol, withCarol, "c");
        bob.api().post("/api/v1/chats/" + withAlice + "/read", Map.of());
        bob.api().post("/api/v1/chats/" + withCarol + "/read", Map.of());

        var kept = bob.api().put("/api/v1/chats/" + withAlice + "/cloak", Map.of("enabled", false)).body();
        assertThat(kept.get("publicReadSeq").asLong()).isZero();
        assertThat(kept.get("hiddenCount").asLong()).isEqualTo(1);
        var shown = bob.api().put("/api/v1/chats/" + withCarol + "/cloak", Map.of("enabled", false, "revealHidden", true)).body();
        assertThat(shown.get("publicReadSeq").asLong()).isEqualTo(1);
        assertThat(shown.get("source").asString()).isEqualTo("chat");
        // From now on reads are public again.
        sendText(alice, withAlice, "b");
        assertThat(bob.api().post("/api/v1/chats/" + withAlice + "/read", Map.of("upToSeq", 2)).body().get("publicReadSeq").asLong())
                .isEqualTo(2);
    }

    @Test
    void aScheduledRevealFiresOnceAtItsTimeAndCanBeListedChangedAndCancelled() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        bob.api().put("/api/v1/chats/" + chat + "/cloak", Map.of("enabled", true));
        sendText(alice, chat, "later");
        bob.api().post("/api/v1/chats/" + chat + "/read", Map.of());

        var cancelled = bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("at", Instant.now().plusSeconds(3600).toString())).body();
        assertThat(cancelled.get("status").asString()).isEqualTo("scheduled");
        String cancelId = cancelled.get("revealId").asString();
        var daily = bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("dailyHour", 18, "timeZone", "Europe/Berlin")).body();
        assertThat(daily.get("dailyHour").asInt()).isEqualTo(18);
        assertThat(bob.api().get("/api/v1/reveals").body().get("reveals").size()).isEqualTo(2);
        var changed = bob.api().patch("/api/v1/reveals/" + cancelId, Map.of("afterSeconds", 7200)).body();
        assertThat(Instant.parse(changed.get("fireAt").asString())).isAfter(Instant.now().plusSeconds(7000));
        assertThat(bob.api().delete("/api/v1/reveals/" + cancelId).status()).isEqualTo(204);
        assertThat(bob.api().delete("/api/v1/reveals/" + cancelId).status()).isEqualTo(409);
        assertThat(alice.api().delete("/api/v1/reveals/" + daily.get("revealId").asString()).status()).as("not hers").isEqualTo(404);
        bob.api().delete("/api/v1/reveals/" + daily.get("revealId").asString());

        Instant asked = Instant.now();
        var soon = bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("afterSeconds", 2)).body();
        Instant fireAt = Instant.parse(soon.get("fireAt").asString());
        assertThat(fireAt).isAfterOrEqualTo(asked.plusSeconds(2).minusMillis(5));
        assertThat(bob.api().get("/api/v1/chats/" + chat + "/cloak").body().get("publicReadSeq").asLong()).as("not early").isZero();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                bob.api().get("/api/v1/chats/" + chat + "/cloak").body().get("publicReadSeq").asLong() == 1);
        assertThat(Instant.now()).isAfterOrEqualTo(fireAt);
        JsonNode entries = bob.api().get("/api/v1/audit").body().get("entries");
        long scheduledReveals = 0;
        for (JsonNode e : entries) {
            if (e.get("action").asString().equals("reveal") && e.get("detail").get("trigger").asString().equals("scheduled")) {
                scheduledReveals++;
                assertThat(Instant.parse(e.get("at").asString())).isAfterOrEqualTo(fireAt);
            }
        }
        assertThat(scheduledReveals).isEqualTo(1);
        assertThat(bob.api().get("/api/v1/reveals").body().get("reveals")).isEmpty();
    }

    @Test
    void aScheduledRevealInAChatTheUserLeftEndsQuietlyAndOthersStillFire() {
        var owner = signUp("Owner");
        var bob = signUp("Bob");
        String group = groupChat(owner, "Gone", bob);
        String direct = directChat(owner, bob);
        for (String chat : new String[] {group, direct}) {
            bob.api().put("/api/v1/chats/" + chat + "/cloak", Map.of("enabled", true));
            sendText(owner, chat, "hello");
            bob.api().post("/api/v1/chats/" + chat + "/read", Map.of());
            bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("afterSeconds", 1));
        }
        bob.api().delete("/api/v1/chats/" + group + "/members/" + bob.userId());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                bob.api().get("/api/v1/reveals").body().get("reveals").isEmpty());
        assertThat(bob.api().get("/api/v1/chats/" + direct + "/cloak").body().get("publicReadSeq").asLong()).isEqualTo(1);
    }

    @Test
    void badRevealsAndCloakCallsAreRefusedAndChangeNothing() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var mallory = signUp("Mallory");
        String chat = directChat(alice, bob);
        sendText(alice, chat, "x");
        assertThat(mallory.api().put("/api/v1/chats/" + chat + "/cloak", Map.of("enabled", true)).status()).isEqualTo(404);
        assertThat(mallory.api().post("/api/v1/chats/" + chat + "/reveal", Map.of()).status()).isEqualTo(404);
        assertThat(bob.api().put("/api/v1/chats/" + chat + "/cloak", Map.of()).status()).isEqualTo(400);
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("upToSeq", 99)).status()).isEqualTo(400);
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("at", "tomorrow")).status()).isEqualTo(400);
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("at", "2020-01-01T00:00:00Z")).status()).isEqualTo(400);
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("afterSeconds", 0)).status()).isEqualTo(400);
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("dailyHour", 24)).status()).isEqualTo(400);
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("dailyHour", 7, "timeZone", "Mars/Olympus")).status()).isEqualTo(400);
        assertThat(bob.api().post("/api/v1/chats/" + chat + "/reveal", Map.of("afterSeconds", 5, "dailyHour", 7)).status()).isEqualTo(400);
        assertThat(bob.api().get("/api/v1/reveals").body().get("reveals")).isEmpty();
        assertThat(bob.api().get("/api/v1/audit?format=xml").status()).isEqualTo(400);
        assertThat(bob.api().get("/api/v1/chats/" + chat + "/cloak").body().get("enabled").asBoolean()).isFalse();
    }

    @Test
    void typingIsNotShownWhenCloakedOrSwitchedOff() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        String cloaked = directChat(alice, bob);
        String open = directChat(carol, bob);
        bob.api().put("/api/v1/chats/" + cloaked + "/cloak", Map.of("enabled", true));
        try (var a = ws(alice); var c = ws(carol); var b = ws(bob)) {
            b.send(Map.of("type", "typing.start", "chatId", cloaked)).roundTrip();
            b.send(Map.of("type", "typing.start", "chatId", open));
            c.next("typing");                                   // the open chat shows it
            bob.api().patch("/api/v1/privacy", Map.of("sendTyping", false));
            b.send(Map.of("type", "typing.stop", "chatId", open)).roundTrip();
            c.next("typing", e -> e.get("state").asString().equals("stop"));
            b.send(Map.of("type", "typing.start", "chatId", open)).roundTrip();
            // A barrier: a message Bob sends now reaches Alice after any typing signal sent before it.
            sendText(bob, cloaked, "done");
            a.next("message.new");
            sendText(bob, open, "done");
            c.next("message.new");
            assertThat(a.all()).noneMatch(e -> e.get("type").asString().equals("typing"));
            assertThat(c.all().stream().filter(e -> e.get("type").asString().equals("typing")
                    && e.get("state").asString().equals("start"))).hasSize(1);
        }
    }

    @Test
    void appearingOfflineHidesComingAndGoingAndFreezesLastSeen() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        try (var b = ws(bob)) {
            var a = ws(alice);
            b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && e.get("online").asBoolean());
            alice.api().patch("/api/v1/privacy", Map.of("appearOffline", true));
            JsonNode frozen = b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && !e.get("online").asBoolean()
                    && !e.get("lastSeen").isNull());
            a.close();
            var again = ws(alice);
            again.roundTrip();
            // What Bob is told on connecting: offline, last seen frozen at the moment Alice chose to appear offline.
            try (var b2 = ws(signIn(bob.phone(), null, "tablet"))) {
                JsonNode seen = b2.next("presence", e -> e.get("userId").asString().equals(alice.userId()));
                assertThat(seen.get("online").asBoolean()).isFalse();
                assertThat(seen.get("lastSeen").asString()).isEqualTo(frozen.get("lastSeen").asString());
            }
            again.send(Map.of("type", "typing.start", "chatId", chat)).roundTrip();   // typing would show she is online
            again.close();
            sendText(alice, chat, "barrier");
            b.next("message.new");
            assertThat(b.all().stream().filter(e -> e.get("type").asString().equals("presence")
                    && e.get("userId").asString().equals(alice.userId()))).as("initial state, online, frozen offline: nothing after")
                    .hasSize(3);
        }
    }
}
