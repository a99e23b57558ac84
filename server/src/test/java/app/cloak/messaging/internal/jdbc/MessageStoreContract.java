package app.cloak.messaging.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.messaging.internal.MessageStore;
import app.cloak.messaging.internal.MessageStore.StoredMessage;
import app.cloak.testing.MutableClock;
import app.cloak.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What every MessageStore must do, on every database we support. */
interface MessageStoreContract {
    TestDatabase db();

    default MessageStore store() {
        return new JdbcMessageStore(db().jdbc(), java.time.Clock.systemUTC());
    }

    private StoredMessage message(String chat, long seq, String sender, String clientMsgId) {
        return new StoredMessage("m_" + chat + "_" + seq, chat, seq, sender, clientMsgId, "text", new byte[] {1, 2, 3},
                null, false, 1_000L + seq, null, null, null);
    }

    @Test
    default void sequences_are_per_chat_and_strictly_increasing_under_concurrency() throws Exception {
        var store = store();
        var tx = db().tx();
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) pool.submit(() -> seqs.add(tx.execute(s -> store.nextSeq("c_seq"))));
        }
        List<Long> sorted = new ArrayList<>(seqs);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(40).doesNotHaveDuplicates().startsWith(1L).endsWith(40L);
        Long other = tx.execute(s -> store.nextSeq("c_other"));
        assertThat(other).isEqualTo(1L);
        assertThat(store.lastSeq("c_seq")).isEqualTo(40L);
        assertThat(store.lastSeqs(List.of("c_seq", "c_other", "c_none"))).containsEntry("c_seq", 40L).containsEntry("c_other", 1L)
                .doesNotContainKey("c_none");
    }

    @Test
    default void client_msg_id_is_unique_per_sender() {
        var store = store();
        store.insert(message("c1", 1, "u1", "same"), "d1");
        assertThat(store.byClientMsgId("u1", "same")).map(StoredMessage::id).contains("m_c1_1");
        assertThat(store.byClientMsgId("u2", "same")).isEmpty();
        store.insert(message("c1", 2, "u2", "same"), "d2");
        assertThatThrownBy(() -> store.insert(message("c1", 3, "u1", "same"), "d1")).isInstanceOf(RuntimeException.class);
    }

    @Test
    default void pages_skip_hidden_messages_and_go_both_ways() {
        var store = store();
        for (int i = 1; i <= 10; i++) store.insert(message("c2", i, "u1", "p" + i), "d1");
        store.hide("u2", "m_c2_9");
        assertThat(store.page("c2", "u2", null, null, 3, true)).extracting(StoredMessage::seq).containsExactly(7L, 8L, 10L);
        assertThat(store.page("c2", "u1", null, null, 3, true)).extracting(StoredMessage::seq).containsExactly(8L, 9L, 10L);
        assertThat(store.page("c2", "u2", 2L, 6L, 10, false)).extracting(StoredMessage::seq).containsExactly(3L, 4L, 5L);
        assertThat(store.hiddenAmong("u2", List.of("m_c2_9", "m_c2_8"))).containsExactly("m_c2_9");
    }

    @Test
    default void watermarks_only_move_forward() {
        var store = store();
        assertThat(store.watermark("c3", "u1").readSeq()).isZero();
        store.advance("c3", "u1", 5, 3, 4);
        var after = store.advance("c3", "u1", 2, 1, 9);
        assertThat(after.deliveredSeq()).isEqualTo(5);
        assertThat(after.readSeq()).isEqualTo(3);
        assertThat(after.privateReadSeq()).isEqualTo(9);
        assertThat(store.watermarks("c3")).hasSize(1);
    }

    @Test
    default void edits_deletes_reactions_stars_and_unread_counts() {
        var store = store();
        for (int i = 1; i <= 4; i++) store.insert(message("c4", i, i == 4 ? "u2" : "u1", "q" + i), "d");
        store.updateBody("m_c4_1", new byte[] {9}, 5_000L);
        assertThat(store.byId("m_c4_1").orElseThrow().editedAt()).isEqualTo(5_000L);
        store.react("m_c4_2", "u2", "👍", 1L);
        store.react("m_c4_2", "u2", "🎉", 2L);
        assertThat(store.reactions(List.of("m_c4_2")).get("m_c4_2")).hasSize(1);
        assertThat(store.reactions(List.of("m_c4_2")).get("m_c4_2").getFirst()[1]).isEqualTo("🎉");
        store.markDeleted("m_c4_3", 6_000L);
        var deleted = store.byId("m_c4_3").orElseThrow();
        assertThat(deleted.body()).isNull();
        assertThat(deleted.deletedAt()).isEqualTo(6_000L);
        assertThat(store.countUnread("c4", "u2", 0)).as("u1's live messages 1 and 2").isEqualTo(2);
        assertThat(store.countUnread("c4", "u2", 1)).isEqualTo(1);
        store.star("u2", "m_c4_1", 1L);
        store.star("u2", "m_c4_1", 2L);
        assertThat(store.starred("u2", 10)).containsExactly("m_c4_1");
        store.unstar("u2", "m_c4_1");
        assertThat(store.starredAmong("u2", List.of("m_c4_1"))).isEmpty();
    }

    @Test
    default void marks_are_the_reactions_stars_and_hidden_marks_read_in_one_statement() {
        var store = store();
        for (int i = 1; i <= 3; i++) store.insert(message("c7", i, "mk_u1", "mk" + i), "d");
        store.react("m_c7_1", "mk_u2", "👍", 20L);
        store.react("m_c7_1", "mk_u1", "🎉", 10L);
        store.react("m_c7_3", "mk_u3", "😮", 5L);
        store.star("mk_u2", "m_c7_1", 1L);
        store.star("mk_u1", "m_c7_2", 1L);       // another user's star
        store.hide("mk_u2", "m_c7_2");
        store.hide("mk_u1", "m_c7_3");           // another user's hidden mark
        List<String> ids = List.of("m_c7_1", "m_c7_2", "m_c7_3");

        var marks = store.marks("mk_u2", ids);

        assertThat(marks.reactions().keySet()).containsExactlyInAnyOrder("m_c7_1", "m_c7_3");
        assertThat(marks.reactions().get("m_c7_1")).as("oldest first").extracting(r -> r[0] + r[1]).containsExactly("mk_u1🎉", "mk_u2👍");
        assertThat(marks.reactions().get("m_c7_3")).extracting(r -> r[0] + r[1]).containsExactly("mk_u3😮");
        assertThat(marks.starred()).containsExactly("m_c7_1");
        assertThat(marks.hidden()).containsExactly("m_c7_2");
        // the same as the three separate reads
        assertThat(marks.starred()).containsExactlyInAnyOrderElementsOf(store.starredAmong("mk_u2", ids));
        assertThat(marks.hidden()).containsExactlyInAnyOrderElementsOf(store.hiddenAmong("mk_u2", ids));
        assertThat(store.marks("mk_u2", List.of()).reactions()).isEmpty();
        assertThat(store.marks("mk_u4", List.of("m_c7_2"))).satisfies(m -> {
            assertThat(m.reactions()).isEmpty();
            assertThat(m.starred()).isEmpty();
            assertThat(m.hidden()).isEmpty();
        });
    }

    @Test
    default void expired_messages_vanish_from_reads_at_once_and_purge_deletes_them_with_their_marks() {
        var clock = MutableClock.startingNow();
        var store = new JdbcMessageStore(db().jdbc(), clock);
        long now = clock.millis();
        String chat = "c_exp";
        for (int i = 1; i <= 3; i++) {
            Long expiresAt = i == 1 ? null : now + i * 1_000L; // 1 stays; 2 and 3 disappear
            store.insert(new StoredMessage("m_exp_" + i, chat, i, "u1", "e" + i, "text", new byte[] {1}, null, false,
                    now, null, null, expiresAt), "d1");
        }
        store.react("m_exp_2", "u2", "👍", now);
        store.star("u2", "m_exp_2", now);
        store.hide("u3", "m_exp_2");
        assertThat(store.page(chat, "u2", null, null, 10, true)).extracting(StoredMessage::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.byId("m_exp_2")).map(StoredMessage::expiresAt).contains(now + 2_000L);

        clock.advance(Duration.ofSeconds(2)); // message 2's time has come, to the millisecond
        assertThat(store.page(chat, "u2", null, null, 10, true)).extracting(StoredMessage::seq).containsExactly(1L, 3L);
        assertThat(store.byId("m_exp_2")).isEmpty();
        assertThat(store.byIds(List.of("m_exp_1", "m_exp_2", "m_exp_3"))).extracting(StoredMessage::id)
                .containsExactlyInAnyOrder("m_exp_1", "m_exp_3");
        assertThat(store.countUnread(chat, "u2", 0)).isEqualTo(2);
        assertThat(store.byClientMsgId("u1", "e2")).as("a retried send still finds its message").isPresent();
        assertThat(store.expiredBy(clock.millis(), 10)).containsExactly(new MessageStore.Expired("m_exp_2", chat));

        assertThat(store.purge(List.of("m_exp_2"))).isEqualTo(1);
        var jdbc = db().jdbc();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM messages WHERE id = 'm_exp_2'").query(Long.class).single()).isZero();
        for (String table : List.of("message_reactions", "message_stars", "message_hidden", "message_external_ids")) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE message_id = 'm_exp_2'").query(Long.class).single())
                    .as(table).isZero();
        }
        assertThat(store.byClientMsgId("u1", "e2")).isEmpty();
        assertThat(store.expiredBy(clock.millis(), 10)).isEmpty();
        assertThat(store.page(chat, "u2", null, null, 10, true)).extracting(StoredMessage::seq).containsExactly(1L, 3L);
    }

    @Test
    default void external_ids_are_unique_per_chat_and_reserved_seqs_follow_on() {
        var store = store();
        var tx = db().tx();
        assertThat((Long) tx.execute(s -> store.reserveSeqs("c_ext", 3))).isEqualTo(3L);
        assertThat((Long) tx.execute(s -> store.nextSeq("c_ext"))).isEqualTo(4L);
        assertThat((Long) tx.execute(s -> store.reserveSeqs("c_ext", 10))).isEqualTo(14L);
        assertThat(store.lastSeq("c_ext")).isEqualTo(14L);

        store.insert(message("c_ext", 1, "x:ann", "m1"), null);
        assertThat(store.linkExternal("c_ext", "wamid.A", "m_c_ext_1")).isTrue();
        assertThat(store.linkExternal("c_ext", "wamid.A", "m_other")).as("same external id, same chat").isFalse();
        assertThat(store.linkExternal("c_ext2", "wamid.A", "m_c_ext2_1")).as("another chat may reuse it").isTrue();
        assertThat(store.externalMessages("c_ext", List.of("wamid.A", "wamid.B"))).containsOnly(java.util.Map.entry("wamid.A", "m_c_ext_1"));
        assertThat(store.externalIdOf("m_c_ext_1")).contains("wamid.A");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) many.add("bulk" + i);
        many.add("wamid.A");
        assertThat(store.externalMessages("c_ext", many)).as("more ids than one IN list holds").hasSize(1);

        store.purge(List.of("m_c_ext_1"));
        assertThat(store.externalIdOf("m_c_ext_1")).isEmpty();
    }

    @Test
    default void bulk_inserts_links_and_resequencing_of_an_import() {
        var store = store();
        String chat = "c_bulk_" + java.util.UUID.randomUUID();
        List<StoredMessage> rows = new ArrayList<>();
        java.util.Map<String, String> links = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= 1_234; i++) {
            rows.add(message(chat, i, "x:ann", "b" + i));
            links.put("key" + i, "m_" + chat + "_" + i);
        }
        db().tx().executeWithoutResult(s -> {
            store.reserveSeqs(chat, rows.size());
            store.insertAll(rows);
            store.linkExternalAll(chat, links);
            store.linkExternalAll(chat, java.util.Map.of("key1", "m_other")); // taken: ignored
        });
        assertThat(store.idsOf(chat)).hasSize(1_234).first().isEqualTo("m_" + chat + "_1");
        assertThat(store.externalMessages(chat, List.of("key1", "key1234"))).containsOnly(
                java.util.Map.entry("key1", "m_" + chat + "_1"), java.util.Map.entry("key1234", "m_" + chat + "_1234"));
        assertThat(store.byId("m_" + chat + "_77").orElseThrow().seq()).isEqualTo(77);

        // Re-sequenced: the last message first, above every earlier seq.
        List<String> order = new ArrayList<>(store.idsOf(chat));
        java.util.Collections.reverse(order);
        java.util.Map<String, Long> seqs = new java.util.LinkedHashMap<>();
        long next = 1_234;
        for (String id : order) seqs.put(id, ++next);
        db().tx().executeWithoutResult(s -> store.setSeqs(chat, seqs));
        assertThat(store.idsOf(chat).getFirst()).isEqualTo("m_" + chat + "_1234");
        assertThat(store.byId("m_" + chat + "_1").orElseThrow().seq()).isEqualTo(2_468);
    }
}
