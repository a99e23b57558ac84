package app.cloak.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What {@link BridgeStore} must do on every database we support. */
interface BridgeStoreContract {
    TestDatabase db();

    default BridgeStore store() {
        return new BridgeStore(db().jdbc());
    }

    private static String id(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    private <T> T tx(java.util.function.Supplier<T> work) {
        return db().tx().execute(s -> work.get());
    }

    private static BridgeStore.CallRow read(String callId, String linkId, String chatId, String wamid, long seq, long now) {
        return new BridgeStore.CallRow(callId, linkId, chatId, "u_owner", "read", wamid, seq, BridgeStore.PENDING, 0, now, null, null, null, now, now);
    }

    @Test
    default void aLinkReadsBackUpdatesAndIsDeletedWithItsQueuedWork() {
        var s = store();
        String link = id("wl");
        byte[] sealed = {1, 2, 3, (byte) 0xff};
        tx(() -> { s.insertLink(new BridgeStore.LinkRow(link, "u_a", "106540352242922", null, sealed, false, null, null, null, 10, 10)); return null; });
        var row = s.link(link).orElseThrow();
        assertThat(row.ownerId()).isEqualTo("u_a");
        assertThat(row.secrets()).isEqualTo(sealed);
        assertThat(row.graphBaseUrl()).isNull();
        assertThat(row.lastErrorAt()).isNull();
        assertThat(s.linksOf("u_a")).extracting(BridgeStore.LinkRow::linkId).containsExactly(link);
        assertThat(s.linksOf("u_b")).isEmpty();

        tx(() -> s.updateLink(link, "http://127.0.0.1:1/v26.0", new byte[] {9}, true, 20));
        tx(() -> { s.setLinkError(link, "131009", "bad wamid", 30L); return null; });
        row = s.link(link).orElseThrow();
        assertThat(row.graphBaseUrl()).isEqualTo("http://127.0.0.1:1/v26.0");
        assertThat(row.secrets()).containsExactly(9);
        assertThat(row.sendTyping()).isTrue();
        assertThat(row.lastErrorCode()).isEqualTo("131009");
        assertThat(row.lastErrorAt()).isEqualTo(30L);

        tx(() -> { s.insertInbox(id("wh"), link, new byte[] {1}, 5); return null; });
        tx(() -> { s.insertCall(read(id("wc"), link, id("c"), "wamid.1", 1, 5)); return null; });
        assertThat(tx(() -> s.deleteLink(link))).isTrue();
        assertThat(s.link(link)).isEmpty();
        assertThat(s.dueInbox(Long.MAX_VALUE, 100)).noneMatch(r -> r.linkId().equals(link));
        assertThat(s.dueCalls(Long.MAX_VALUE, 100)).noneMatch(c -> c.linkId().equals(link));
        assertThat(tx(() -> s.deleteLink(link))).isFalse();
    }

    @Test
    default void inboxBodiesAreClaimedOnceRetriedWhenDueAndPurgedAfterProcessing() {
        var s = store();
        String link = id("wl");
        String first = id("wh");
        String second = id("wh");
        byte[] body = new byte[70_000];
        body[69_999] = 42;
        tx(() -> { s.insertInbox(first, link, body, 100); s.insertInbox(second, link, new byte[] {7}, 101); return null; });
        var due = s.dueInbox(200, 10).stream().filter(r -> r.linkId().equals(link)).toList();
        assertThat(due).extracting(BridgeStore.InboxRow::inboxId).containsExactly(first, second);
        assertThat(due.getFirst().body()).isEqualTo(body);

        assertThat(tx(() -> s.claimInbox(first, 200, 10_000))).isTrue();
        assertThat(tx(() -> s.claimInbox(first, 200, 10_000))).as("claimed already").isFalse();
        assertThat(s.dueInbox(200, 10)).extracting(BridgeStore.InboxRow::inboxId).doesNotContain(first);

        tx(() -> { s.inboxRetry(first, 1, 300, "boom"); return null; });
        assertThat(s.dueInbox(299, 10)).extracting(BridgeStore.InboxRow::inboxId).doesNotContain(first);
        assertThat(s.dueInbox(300, 10).stream().filter(r -> r.inboxId().equals(first)).findFirst().orElseThrow().attempts()).isEqualTo(1);

        tx(() -> { s.inboxDone(first, 400); return null; });
        assertThat(s.dueInbox(Long.MAX_VALUE, 10)).extracting(BridgeStore.InboxRow::inboxId).doesNotContain(first).contains(second);
        assertThat(tx(() -> s.purgeInbox(400))).isZero();
        assertThat(tx(() -> s.purgeInbox(401))).isGreaterThanOrEqualTo(1);
        assertThat(tx(() -> s.claimInbox(first, Long.MAX_VALUE - 1, Long.MAX_VALUE))).as("purged").isFalse();
    }

    @Test
    default void chatsAndInboundMessagesMapBothWaysAndTolerateRepeats() {
        var s = store();
        String chat = id("c");
        String link = id("wl");
        tx(() -> { s.insertChat(new BridgeStore.BridgeChat(chat, link, "16505551234", false)); return null; });
        tx(() -> { s.insertChat(new BridgeStore.BridgeChat(chat, link, "16505551234", false)); return null; });
        assertThat(s.chat(chat)).contains(new BridgeStore.BridgeChat(chat, link, "16505551234", false));
        assertThat(s.chat(id("c"))).isEmpty();

        tx(() -> { s.addInbound(chat, 1, "wamid.A"); s.addInbound(chat, 3, "wamid.C"); s.addInbound(chat, 3, "wamid.C"); return null; });
        assertThat(s.newestInbound(chat, 2)).contains(new BridgeStore.Inbound(1, "wamid.A"));
        assertThat(s.newestInbound(chat, 10)).contains(new BridgeStore.Inbound(3, "wamid.C"));
        assertThat(s.newestInbound(chat, 0)).isEmpty();
    }

    @Test
    default void statusesOnlyMoveForwardPerRecipient() {
        var s = store();
        String link = id("wl");
        assertThat(tx(() -> s.recordStatus(link, "wamid.X", "r1", "read", 3, 30, null))).isTrue();
        assertThat(tx(() -> s.recordStatus(link, "wamid.X", "r1", "delivered", 2, 20, null))).isFalse();
        assertThat(tx(() -> s.recordStatus(link, "wamid.X", "r1", "read", 3, 31, null))).as("same status again").isFalse();
        assertThat(tx(() -> s.recordStatus(link, "wamid.X", "r1", "mystery", 0, 40, null))).isFalse();
        assertThat(tx(() -> s.recordStatus(link, "wamid.X", "r2", "delivered", 2, 25, null))).isTrue();
        assertThat(tx(() -> s.recordStatus(link, "wamid.X", "r2", "failed", 5, 26, "131049"))).isTrue();
        assertThat(tx(() -> s.recordStatus(link, "wamid.X", "r2", "played", 4, 27, null))).isFalse();
        assertThat(s.statuses(link, "wamid.X")).containsExactly(new BridgeStore.StatusRow("r1", "read", 30, null),
                new BridgeStore.StatusRow("r2", "failed", 26, "131049"));
    }

    @Test
    default void aPendingReadIsRetargetedForwardClaimedOnceAndNotMarkedSentIfRetargetedInFlight() {
        var s = store();
        String link = id("wl");
        String chat = id("c");
        String call = id("wc");
        tx(() -> { s.insertCall(read(call, link, chat, "wamid.3", 3, 100)); s.insertCall(read(call, link, chat, "wamid.9", 9, 100)); return null; });
        assertThat(s.pendingRead(chat).orElseThrow().target()).as("an existing id is kept").isEqualTo("wamid.3");
        tx(() -> { s.retargetRead(call, "wamid.5", 5, 110); s.retargetRead(call, "wamid.4", 4, 111); return null; });
        assertThat(s.pendingRead(chat).orElseThrow().target()).as("never backwards").isEqualTo("wamid.5");

        assertThat(tx(() -> s.claimCall(call, 200, 5_000))).isTrue();
        assertThat(tx(() -> s.claimCall(call, 200, 5_000))).isFalse();
        // A newer reveal while the call is in flight: the in-flight send does not count as done.
        tx(() -> { s.retargetRead(call, "wamid.8", 8, 210); return null; });
        assertThat(tx(() -> s.callSent(call, "wamid.5", null, 220))).isFalse();
        var again = s.callById(call).orElseThrow();
        assertThat(again.state()).isEqualTo(BridgeStore.PENDING);
        assertThat(again.target()).isEqualTo("wamid.8");
        assertThat(tx(() -> s.claimCall(call, 220, 5_000))).isTrue();
        assertThat(tx(() -> s.callSent(call, "wamid.8", null, 230))).isTrue();
        assertThat(s.pendingRead(chat)).isEmpty();
        assertThat(s.callById(call).orElseThrow().state()).isEqualTo(BridgeStore.SENT);
    }

    @Test
    default void failedAndRetriedCallsKeepTheirErrorAndListNewestFirst() {
        var s = store();
        String link = id("wl");
        String a = id("wc");
        String b = id("wc");
        tx(() -> { s.insertCall(read(a, link, id("c"), "wamid.a", 1, 100)); s.insertCall(read(b, link, id("c"), "wamid.b", 1, 200)); return null; });
        tx(() -> { s.callRetry(a, 1, 500, "130429", "Rate limit hit", 300); return null; });
        assertThat(s.dueCalls(499, 10)).extracting(BridgeStore.CallRow::callId).doesNotContain(a).contains(b);
        tx(() -> { s.callFailed(b, 1, "131009", "Parameter value is not valid", 310); return null; });
        assertThat(s.dueCalls(Long.MAX_VALUE, 10)).extracting(BridgeStore.CallRow::callId).doesNotContain(b);
        var listed = s.calls(link, 10);
        assertThat(listed).extracting(BridgeStore.CallRow::callId).containsExactly(b, a);
        assertThat(listed.get(0).state()).isEqualTo(BridgeStore.FAILED);
        assertThat(listed.get(0).errorCode()).isEqualTo("131009");
        assertThat(listed.get(1).attempts()).isEqualTo(1);
        assertThat(listed.get(1).nextAttemptAt()).isEqualTo(500);
    }
}
