package app.cloak.messaging.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.messaging.internal.ChangeFeedStore;
import app.cloak.messaging.internal.ChangeFeedStore.Change;
import app.cloak.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What the change feed must guarantee on every database: the sync cursor is only safe if these hold. */
interface ChangeFeedStoreContract {
    TestDatabase db();

    default ChangeFeedStore feed() {
        return new JdbcChangeFeedStore(db().jdbc(), event -> { });
    }

    private static Change forChat(String chat, String kind, String ref) {
        return new Change(0, chat, null, kind, ref);
    }

    @Test
    default void versions_increase_and_reads_see_a_users_chats_and_their_own_changes_only() {
        var feed = feed();
        long start = feed.head();
        var stored = db().tx().execute(s -> feed.append(List.of(forChat("fc_a", "message.new", "m1"),
                new Change(0, "fc_a", "fu_me", "status", "fu_me"), forChat("fc_b", "message.new", "m2"),
                new Change(0, "fc_a", "fu_other", "message.deleted", "m1")), 1L));
        assertThat(stored).extracting(Change::version).containsExactly(start + 1, start + 2, start + 3, start + 4);
        assertThat(feed.head()).isEqualTo(start + 4);

        assertThat(feed.since("fu_me", List.of("fc_a"), start, 100)).extracting(Change::ref).containsExactly("m1", "fu_me");
        assertThat(feed.since("fu_me", List.of("fc_a", "fc_b"), start + 1, 100)).extracting(Change::ref).containsExactly("fu_me", "m2");
        assertThat(feed.since("fu_me", List.of(), start, 100)).extracting(Change::ref).containsExactly("fu_me");
        assertThat(feed.since("fu_other", List.of(), start, 100)).extracting(Change::kind).containsExactly("message.deleted");
        assertThat(feed.since("fu_me", List.of("fc_a", "fc_b"), start, 2)).hasSize(2);
    }

    /** A chat left after the cursor: its message changes before the leaving, none after, nor its other changes. */
    @Test
    default void a_left_chat_yields_its_message_changes_until_the_user_left() {
        var feed = feed();
        long start = feed.head();
        var stored = db().tx().execute(s -> feed.append(List.of(forChat("fc_l", "message.new", "m1"),
                forChat("fc_l", "chat", "fc_l"), forChat("fc_l", "message.updated", "m1"),
                new Change(0, "fc_l", "fu_left", "chat", "fc_l"), forChat("fc_l", "message.new", "m2"),
                new Change(0, "fc_l", "fu_left", "status", "fu_left")), 1L));
        long leftAt = stored.get(3).version();

        assertThat(feed.newestForUser("fu_left", "chat", start)).containsExactly(java.util.Map.entry("fc_l", leftAt));
        assertThat(feed.newestForUser("fu_left", "chat", leftAt)).isEmpty();
        assertThat(feed.since("fu_left", List.of(), java.util.Map.of("fc_l", leftAt), start, 100))
                .extracting(Change::kind, Change::ref).containsExactly(org.assertj.core.groups.Tuple.tuple("message.new", "m1"),
                        org.assertj.core.groups.Tuple.tuple("message.updated", "m1"), org.assertj.core.groups.Tuple.tuple("chat", "fc_l"),
                        org.assertj.core.groups.Tuple.tuple("status", "fu_left"));
        assertThat(feed.since("fu_left", List.of(), start, 100)).extracting(Change::ref).containsExactly("fc_l", "fu_left");
    }

    @Test
    default void a_rolled_back_transaction_leaves_no_change_and_no_gap_that_matters() {
        var feed = feed();
        long start = feed.head();
        try {
            db().tx().executeWithoutResult(s -> {
                feed.append(List.of(forChat("fc_rb", "message.new", "gone")), 1L);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(feed.head()).isEqualTo(start);
        assertThat(feed.since("fu_x", List.of("fc_rb"), start, 10)).isEmpty();
    }

    /**
     * The property the sync cursor rests on: a reader that moves its cursor to the last version it saw
     * never skips a change that commits later. Writers commit concurrently; the reader must end up
     * having seen every change exactly once.
     */
    @Test
    default void a_reader_following_its_cursor_never_skips_a_concurrently_committed_change() throws Exception {
        var feed = feed();
        long cursor = feed.head();
        int writers = 8;
        int perWriter = 40;
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> seen = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String ref = "w" + writer + "-" + i;
                        db().tx().executeWithoutResult(s -> {
                            db().jdbc().sql("SELECT 1").query(Integer.class).single();
                            feed.append(List.of(forChat("fc_race", "message.new", ref)), 1L);
                            slowCommit();
                        });
                    }
                }));
            }
            var waiter = pool.submit(() -> {
                try {
                    for (var f : done) f.get();
                } finally {
                    writing.set(false);
                }
                return null;
            });
            while (writing.get() || !feed.since("fu_r", List.of("fc_race"), cursor, 1).isEmpty()) {
                var page = feed.since("fu_r", List.of("fc_race"), cursor, 50);
                for (var c : page) {
                    seen.add(c.ref());
                    cursor = c.version();
                }
            }
            waiter.get();
        }
        assertThat(seen).hasSize(writers * perWriter).doesNotHaveDuplicates();
    }

    /** A commit that takes its time: the window in which a later version could become visible first. */
    private static void slowCommit() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    default void pruning_drops_old_changes_and_moves_the_horizon() {
        var feed = feed();
        db().tx().execute(s -> feed.append(List.of(forChat("fc_old", "message.new", "o1"), forChat("fc_old", "message.new", "o2")), 1_000L));
        long lastOld = feed.head();
        db().tx().execute(s -> feed.append(List.of(forChat("fc_old", "message.new", "n1")), 9_000L));
        Integer pruned = db().tx().execute(s -> feed.prune(5_000L, 1_000));
        assertThat(pruned.intValue()).isGreaterThanOrEqualTo(2);
        assertThat(feed.horizon()).isEqualTo(lastOld);
        assertThat(feed.since("fu_p", List.of("fc_old"), 0, 10)).extracting(Change::ref).containsExactly("n1");
        Integer again = db().tx().execute(s -> feed.prune(5_000L, 1_000));
        assertThat(again.intValue()).isZero();
        assertThat(feed.horizon()).as("never moves back").isEqualTo(lastOld);
        assertThat(feed.bounds()).as("both in one read").isEqualTo(new ChangeFeedStore.Bounds(lastOld, feed.head()));
    }

    @Test
    default void senders_between_two_seqs_leave_out_the_reader() {
        var jdbc = db().jdbc();
        for (int seq = 1; seq <= 4; seq++) {
            jdbc.sql("INSERT INTO messages (id, chat_id, seq, sender_id, client_msg_id, type, created_at) VALUES (?, 'fc_s', ?, ?, ?, 'text', 1)")
                    .params("fm_" + seq, seq, seq % 2 == 0 ? "fu_even" : "fu_odd", "cm" + seq).update();
        }
        var feed = feed();
        assertThat(feed.sendersBetween("fc_s", 0, 4, "fu_nobody")).containsExactlyInAnyOrder("fu_even", "fu_odd");
        assertThat(feed.sendersBetween("fc_s", 2, 3, "fu_nobody")).containsExactly("fu_odd");
        assertThat(feed.sendersBetween("fc_s", 0, 4, "fu_odd")).containsExactly("fu_even");
        assertThat(feed.sendersBetween("fc_s", 3, 3, "fu_nobody")).isEmpty();
    }
}
