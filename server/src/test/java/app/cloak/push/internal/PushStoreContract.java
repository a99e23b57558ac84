package app.cloak.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.platform.crypto.TestCiphers;
import app.cloak.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Push subscriptions on every database we support: sealed at rest, idempotent by endpoint, removal. */
interface PushStoreContract {
    TestDatabase db();

    default PushStore store() {
        var crypto = TestCiphers.on(db());
        return new PushStore(db().jdbc(), crypto.cipher(), crypto.hashes());
    }

    private static String endpoint() {
        return "https://push.example/" + UUID.randomUUID();
    }

    @Test
    default void aSubscriptionRoundTripsAndIsSealedAtRest() {
        var store = store();
        String endpoint = endpoint();
        byte[] p256dh = new byte[65];
        p256dh[0] = 4;
        p256dh[64] = 9;
        byte[] auth = new byte[16];
        auth[3] = 7;
        store.put("u_a", "d_1", endpoint, p256dh, auth, 100);
        var subs = store.of("u_a");
        assertThat(subs).hasSize(1);
        assertThat(subs.getFirst().endpoint()).isEqualTo(endpoint);
        assertThat(subs.getFirst().p256dh()).isEqualTo(p256dh);
        assertThat(subs.getFirst().auth()).isEqualTo(auth);
        assertThat(subs.getFirst().deviceId()).isEqualTo("d_1");
        byte[] sealed = db().jdbc().sql("SELECT sealed FROM push_subscriptions WHERE user_id = 'u_a'").query(byte[].class).single();
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("push.example");
    }

    @Test
    default void theSameEndpointIsOneRowThatMovesToTheLatestSubscriber() {
        var store = store();
        String endpoint = endpoint();
        store.put("u_b", "d_1", endpoint, new byte[65], new byte[16], 1);
        store.put("u_b", "d_1", endpoint, new byte[65], new byte[16], 2);
        assertThat(store.of("u_b")).hasSize(1);
        store.put("u_c", "d_9", endpoint, new byte[65], new byte[16], 3);
        assertThat(store.of("u_b")).isEmpty();
        assertThat(store.of("u_c")).extracting(PushStore.Subscription::deviceId).containsExactly("d_9");
    }

    @Test
    default void removalIsPerOwnerAndGoneSubscriptionsGoForEveryone() {
        var store = store();
        String first = endpoint();
        String second = endpoint();
        store.put("u_d", "d_1", first, new byte[65], new byte[16], 1);
        store.put("u_d", "d_2", second, new byte[65], new byte[16], 2);
        assertThat(store.remove("u_other", first)).isFalse();
        assertThat(store.remove("u_d", first)).isTrue();
        assertThat(store.remove("u_d", first)).isFalse();
        store.removeGone(store.hash(second));
        assertThat(store.of("u_d")).isEmpty();
    }

    @Test
    default void aSignedOutDevicesSubscriptionsGoAndNoOtherOnes() {
        var store = store();
        store.put("u_so", "d_out", endpoint(), new byte[65], new byte[16], 1);
        store.put("u_so", "d_out", endpoint(), new byte[65], new byte[16], 2);
        store.put("u_so", "d_stays", endpoint(), new byte[65], new byte[16], 3);
        store.put("u_other", "d_out", endpoint(), new byte[65], new byte[16], 4); // another user's device id: not touched
        assertThat(store.removeDevice("u_so", "d_out")).isEqualTo(2);
        assertThat(store.of("u_so")).extracting(PushStore.Subscription::deviceId).containsExactly("d_stays");
        assertThat(store.of("u_other")).hasSize(1);
    }

    @Test
    default void onlyUsersWithASubscriptionAreNamedAsSubscribed() {
        var store = store();
        store.put("u_sub1", "d_1", endpoint(), new byte[65], new byte[16], 1);
        store.put("u_sub1", "d_2", endpoint(), new byte[65], new byte[16], 2);
        store.put("u_sub2", "d_1", endpoint(), new byte[65], new byte[16], 3);
        var many = new java.util.ArrayList<String>();
        for (int i = 0; i < 1200; i++) many.add("u_none" + i);   // more than one chunk of the IN list
        many.add(600, "u_sub2");
        many.add("u_sub1");
        assertThat(store.subscribed(many)).containsExactlyInAnyOrder("u_sub1", "u_sub2");
        assertThat(store.subscribed(List.of("u_none1"))).isEmpty();
        assertThat(store.subscribed(List.of())).isEmpty();
    }

    @Test
    default void aPendingBatchCountsEachMessageOnceKeepsTheFirstWindowAndIsClaimedOnce() {
        var store = store();
        String user = "u_" + UUID.randomUUID();
        store.addPending(user, "c_x", "m_1", "u_s", 7, 1_000);
        store.addPending(user, "c_x", "m_1", "u_s", 7, 2_000); // the same event redelivered
        store.addPending(user, "c_x", "m_2", "u_t", 8, 3_000);
        store.addPending(user, "c_y", "m_9", "u_s", 1, 5_000);
        var p = store.pending(user, "c_x").orElseThrow();
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.messageId()).isEqualTo("m_2");
        assertThat(p.senderId()).isEqualTo("u_t");
        assertThat(p.dueAt()).as("the first message's window").isEqualTo(1_000);
        assertThat(store.due(4_000, 100)).extracting(PushStore.Pending::chatId).contains("c_x").doesNotContain("c_y");

        store.addPending(user, "c_x", "m_3", "u_s", 9, 6_000); // joins after it was read: the stale claim fails
        assertThat(store.claim(p)).isFalse();
        var fresh = store.pending(user, "c_x").orElseThrow();
        assertThat(fresh.count()).isEqualTo(3);
        assertThat(store.claim(fresh)).isTrue();
        assertThat(store.claim(fresh)).as("once").isFalse();
        assertThat(store.pending(user, "c_x")).isEmpty();
    }

    /** On a cluster the events come in any order: a late older message still counts, the batch still names the newest. */
    @Test
    default void messagesCountWhateverOrderTheyComeIn() {
        var store = store();
        String user = "u_" + UUID.randomUUID();
        store.addPending(user, "c_o", "m_12", "u_s", 12, 1_000);
        store.addPending(user, "c_o", "m_14", "u_t", 14, 1_100);
        store.addPending(user, "c_o", "m_11", "u_s", 11, 1_200);   // older, late
        store.addPending(user, "c_o", "m_13", "u_t", 13, 1_300);   // in between, late
        store.addPending(user, "c_o", "m_11", "u_s", 11, 1_400);   // redelivered
        var p = store.pending(user, "c_o").orElseThrow();
        assertThat(p.count()).isEqualTo(4);
        assertThat(p.messageId()).isEqualTo("m_14");
        assertThat(p.senderId()).isEqualTo("u_t");
        assertThat(p.lastSeq()).isEqualTo(14);
        assertThat(p.firstSeq()).isEqualTo(11);
        assertThat(p.dueAt()).isEqualTo(1_000);
    }

    /** A batch pending across the upgrade to V10_4 (no first_seq) counts on from its count. */
    @Test
    default void aBatchFromBeforeFirstSeqCountsOnFromItsCount() {
        var store = store();
        String user = "u_" + UUID.randomUUID();
        db().jdbc().sql("INSERT INTO push_pending (user_id, chat_id, message_id, sender_id, last_seq, count, due_at) "
                + "VALUES (?, 'c_up', 'm_20', 'u_s', 20, 3, 1000)").param(user).update();
        store.addPending(user, "c_up", "m_21", "u_s", 21, 2_000);
        var p = store.pending(user, "c_up").orElseThrow();
        assertThat(p.count()).isEqualTo(4);
        assertThat(p.firstSeq()).isEqualTo(18);
        assertThat(p.messageId()).isEqualTo("m_21");
    }
}
