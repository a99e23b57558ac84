package app.cloak.chats.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.chats.ChatInfo;
import app.cloak.chats.ChatInfo.Member;
import app.cloak.chats.ChatsApi;
import app.cloak.chats.internal.ChatStore;
import app.cloak.chats.internal.ChatStore.ChatRow;
import app.cloak.platform.persistence.Dialect;
import app.cloak.platform.persistence.SingleWriter;
import app.cloak.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What every {@link ChatStore} must do, on every database we support. */
interface ChatStoreContract {
    TestDatabase db();

    default ChatStore store() {
        return new JdbcChatStore(db().jdbc(), SingleWriter.of(db().dataSource()));
    }

    private static String id(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    private static ChatRow group(String id, String creator) {
        return new ChatRow(id, ChatsApi.GROUP, "Hikers", "Weekend walks", false, null, creator, 1_000L, 0);
    }

    private static ChatRow direct(String id, String key, String creator) {
        return new ChatRow(id, ChatsApi.DIRECT, "", "", false, key, creator, 2_000L, 0);
    }

    @Test
    default void aChatReadsBackAsItWasWritten() {
        var store = store();
        String chat = id("c");
        var row = new ChatRow(chat, ChatsApi.GROUP, "Ünïcode 名前", "about it", true, null, "u_owner", 1_234_567L, 86_400L);
        assertThat(store.insertChat(row)).isTrue();
        assertThat(store.chat(chat)).contains(row);
        assertThat(store.chat(id("c"))).isEmpty();
        assertThat(store.directChat("nobody|noone")).isEmpty();
    }

    @Test
    default void detailsAndTimerChangeInPlace() {
        var store = store();
        String chat = id("c");
        store.insertChat(group(chat, "u1"));
        store.updateChat(chat, "Climbers", "", true);
        store.setDisappearingSeconds(chat, 604_800L);
        assertThat(store.chat(chat)).hasValueSatisfying(c -> {
            assertThat(c.name()).isEqualTo("Climbers");
            assertThat(c.description()).isEmpty();
            assertThat(c.adminsOnly()).isTrue();
            assertThat(c.disappearingSeconds()).isEqualTo(604_800L);
            assertThat(c.createdBy()).isEqualTo("u1");
        });
        store.updateChat(chat, "Climbers", "", false);
        store.setDisappearingSeconds(chat, 0);
        assertThat(store.chat(chat)).hasValueSatisfying(c -> {
            assertThat(c.adminsOnly()).isFalse();
            assertThat(c.disappearingSeconds()).isZero();
        });
    }

    @Test
    default void aPairHasOneDirectChatAndGroupsNeedNoKey() {
        var store = store();
        String key = id("ua") + "|" + id("ub");
        String first = id("c");
        assertThat(store.insertChat(direct(first, key, "u1"))).isTrue();
        assertThat(store.insertChat(direct(id("c"), key, "u2"))).isFalse();
        assertThat(store.directChat(key)).map(ChatRow::id).contains(first);
        // Groups have no direct key: any number of them, even with the same name and creator.
        assertThat(store.insertChat(group(id("c"), "u1"))).isTrue();
        assertThat(store.insertChat(group(id("c"), "u1"))).isTrue();
        // The same id twice is refused too, not an error.
        assertThat(store.insertChat(group(first, "u1"))).isFalse();
        assertThat(store.chat(first)).map(ChatRow::type).contains(ChatsApi.DIRECT);
    }

    @Test
    default void racingCreatorsOfOneDirectChatAllGetTheSameChat() throws Exception {
        var store = store();
        var tx = db().tx();
        String key = id("ua") + "|" + id("ub");
        int racers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> inserted = new ConcurrentLinkedQueue<>();
        List<Future<String>> seen = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                seen.add(pool.submit(() -> {
                    start.await();
                    return tx.execute(s -> {
                        String chat = id("c");
                        if (store.insertChat(direct(chat, key, "u1"))) inserted.add(chat);
                        return store.directChat(key).orElseThrow().id();
                    });
                }));
            }
            start.countDown();
        }
        assertThat(inserted).hasSize(1);
        Set<String> ids = new java.util.HashSet<>();
        for (Future<String> f : seen) ids.add(f.get());
        assertThat(ids).containsExactlyElementsOf(inserted);
    }

    @Test
    default void membersComeInJoinOrderWithTheirRoles() {
        var store = store();
        String chat = id("c");
        store.insertChat(group(chat, "u_owner"));
        store.addMember(chat, "u_owner", ChatsApi.OWNER, 10);
        store.addMember(chat, "u_zed", ChatsApi.MEMBER, 20);
        store.addMember(chat, "u_amy", ChatsApi.MEMBER, 20); // same moment: by user id
        store.addMember(chat, "u_late", ChatsApi.ADMIN, 30);
        assertThat(store.members(chat)).containsExactly(
                new Member("u_owner", ChatsApi.OWNER), new Member("u_amy", ChatsApi.MEMBER),
                new Member("u_zed", ChatsApi.MEMBER), new Member("u_late", ChatsApi.ADMIN));
        assertThat(store.members(id("c"))).isEmpty();
    }

    @Test
    default void addingAMemberTwiceKeepsTheFirstMembership() {
        var store = store();
        String chat = id("c");
        store.insertChat(group(chat, "u1"));
        store.addMember(chat, "u1", ChatsApi.OWNER, 10);
        store.addMember(chat, "u1", ChatsApi.MEMBER, 50);
        assertThat(store.members(chat)).containsExactly(new Member("u1", ChatsApi.OWNER));
    }

    @Test
    default void rolesChangeAndMembersLeave() {
        var store = store();
        String chat = id("c");
        store.insertChat(group(chat, "u1"));
        store.addMember(chat, "u1", ChatsApi.OWNER, 10);
        store.addMember(chat, "u2", ChatsApi.MEMBER, 11);
        store.setRole(chat, "u2", ChatsApi.ADMIN);
        assertThat(store.role(chat, "u2")).contains(ChatsApi.ADMIN);
        assertThat(store.isMember(chat, "u2")).isTrue();

        store.removeMember(chat, "u2");
        assertThat(store.role(chat, "u2")).isEmpty();
        assertThat(store.isMember(chat, "u2")).isFalse();
        assertThat(store.members(chat)).containsExactly(new Member("u1", ChatsApi.OWNER));
        // Neither changes anyone else, nor fails, for someone who is not a member.
        store.removeMember(chat, "u_stranger");
        store.setRole(chat, "u_stranger", ChatsApi.ADMIN);
        assertThat(store.isMember(chat, "u_stranger")).isFalse();
        assertThat(store.members(chat)).containsExactly(new Member("u1", ChatsApi.OWNER));
    }

    @Test
    default void aUsersChatsAreExactlyThoseTheyAreIn() {
        var store = store();
        String user = id("u");
        String a = id("c"), b = id("c"), other = id("c");
        for (String chat : List.of(a, b, other)) store.insertChat(group(chat, "u_owner"));
        store.addMember(a, user, ChatsApi.MEMBER, 1);
        store.addMember(b, user, ChatsApi.ADMIN, 2);
        store.addMember(other, id("u"), ChatsApi.MEMBER, 3);
        assertThat(store.chatIdsOf(user)).containsExactlyInAnyOrder(a, b);
        assertThat(store.isMember(other, user)).isFalse();
        store.removeMember(a, user);
        assertThat(store.chatIdsOf(user)).containsExactly(b);
        assertThat(store.chatIdsOf(id("u"))).isEmpty();
    }

    @Test
    default void aMemberBelongsToAnExistingChat() {
        var store = store();
        String user = id("u");
        assertThatThrownBy(() -> db().tx().executeWithoutResult(s -> store.addMember(id("c"), user, ChatsApi.MEMBER, 1)))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.chatIdsOf(user)).isEmpty();
    }

    @Test
    default void settingsArePerUserWithDefaults() {
        var store = store();
        String chat = id("c");
        store.insertChat(group(chat, "u1"));
        assertThat(store.settings(chat, "u1")).isEqualTo(ChatInfo.Settings.DEFAULT);

        var muted = new ChatInfo.Settings(9_999_999_999_999L, false, true);
        store.putSettings(chat, "u1", muted);
        assertThat(store.settings(chat, "u1")).isEqualTo(muted);
        assertThat(store.settings(chat, "u2")).isEqualTo(ChatInfo.Settings.DEFAULT);

        var unmutedArchived = new ChatInfo.Settings(null, true, false);
        store.putSettings(chat, "u1", unmutedArchived);
        assertThat(store.settings(chat, "u1")).isEqualTo(unmutedArchived);
    }

    @Test
    default void chatsAreLoadedByIdSkippingUnknownOnes() {
        var store = store();
        String a = id("c"), b = id("c");
        store.insertChat(group(a, "u1"));
        store.insertChat(direct(b, id("ua") + "|" + id("ub"), "u1"));
        List<ChatRow> rows = store.chats(List.of(a, b, id("c")));
        assertThat(rows.stream().map(ChatRow::id).collect(Collectors.toSet())).containsExactlyInAnyOrder(a, b);
        assertThat(store.chats(List.of())).isEmpty();
    }

    @Test
    default void aRolledBackCreationLeavesNothing() {
        var store = store();
        String key = id("ua") + "|" + id("ub");
        String chat = id("c");
        db().tx().executeWithoutResult(s -> {
            store.insertChat(direct(chat, key, "u1"));
            store.addMember(chat, "u1", ChatsApi.MEMBER, 1);
            s.setRollbackOnly();
        });
        assertThat(store.chat(chat)).isEmpty();
        assertThat(store.directChat(key)).isEmpty();
        assertThat(store.isMember(chat, "u1")).isFalse();
        // ... and the key is free again.
        assertThat(store.insertChat(direct(id("c"), key, "u1"))).isTrue();
    }

    /**
     * Inside a transaction a chat's row and members are read once and kept (the send writer's batches), yet the
     * transaction always sees its own writes, and a write rolled back to a savepoint leaves nothing of itself behind.
     */
    @Test
    default void aTransactionSeesItsOwnChatWritesAndNoneItRolledBack() {
        var store = store();
        String chat = id("c");
        store.insertChat(group(chat, "u1"));
        store.addMember(chat, "u1", ChatsApi.ADMIN, 1);
        var tx = db().tx();
        var nested = db().tx();
        nested.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
        tx.executeWithoutResult(s -> {
            assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1");
            assertThat(store.chat(chat)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Hikers"));
            // read again: the same answer (kept), and unchangeable by whoever holds it
            assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1");
            assertThatThrownBy(() -> store.members(chat).add(new Member("u9", ChatsApi.MEMBER)))
                    .isInstanceOf(UnsupportedOperationException.class);
            try {
                nested.executeWithoutResult(n -> {
                    store.addMember(chat, "u2", ChatsApi.MEMBER, 2);
                    store.updateChat(chat, "Climbers", "", false);
                    assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1", "u2");
                    assertThat(store.chat(chat)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Climbers"));
                    throw new IllegalStateException("roll back to the savepoint");
                });
            } catch (IllegalStateException expected) {
                // the savepoint is gone, and with it u2 and the new name
            }
            assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1");
            assertThat(store.chat(chat)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Hikers"));
            store.addMember(chat, "u3", ChatsApi.MEMBER, 3);
            assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1", "u3");
        });
        assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1", "u3");
        // the next transaction reads afresh: a change made outside it meanwhile is seen
        store.removeMember(chat, "u3");
        tx.executeWithoutResult(s -> assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1"));
    }

    /** On SQLite what one transaction read is kept for the next ones: never past a write, committed or rolled back. */
    @Test
    default void laterTransactionsSeeEveryCommittedChatWriteAndNoRolledBackOne() {
        var store = store();
        var tx = db().tx();
        String chat = id("c");
        tx.executeWithoutResult(s -> {
            store.insertChat(group(chat, "u1"));
            store.addMember(chat, "u1", ChatsApi.ADMIN, 1);
        });
        tx.executeWithoutResult(s -> {                       // read (and kept, where this database keeps them)
            assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1");
            assertThat(store.role(chat, "u1")).contains(ChatsApi.ADMIN);
            assertThat(store.isMember(chat, "u2")).isFalse();
        });
        tx.executeWithoutResult(s -> store.addMember(chat, "u2", ChatsApi.MEMBER, 2));
        tx.executeWithoutResult(s -> {
            assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1", "u2");
            assertThat(store.role(chat, "u2")).contains(ChatsApi.MEMBER);
        });
        try {
            tx.executeWithoutResult(s -> {
                store.removeMember(chat, "u2");
                store.updateChat(chat, "Gone", "", true);
                assertThat(store.members(chat)).as("its own writes").extracting(Member::userId).containsExactly("u1");
                assertThat(store.role(chat, "u2")).isEmpty();
                assertThat(store.chat(chat)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Gone"));
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // nothing of it stays
        }
        tx.executeWithoutResult(s -> {
            assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1", "u2");
            assertThat(store.chat(chat)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Hikers"));
        });
        tx.executeWithoutResult(s -> {
            store.setRole(chat, "u2", ChatsApi.ADMIN);
            store.setDisappearingSeconds(chat, 86_400L);
        });
        tx.executeWithoutResult(s -> {
            assertThat(store.role(chat, "u2")).contains(ChatsApi.ADMIN);
            assertThat(store.chat(chat)).hasValueSatisfying(c -> assertThat(c.disappearingSeconds()).isEqualTo(86_400L));
        });
        store.removeMember(chat, "u2");                      // outside any transaction
        store.updateChat(chat, "Climbers", "", false);
        tx.executeWithoutResult(s -> {
            assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1");
            assertThat(store.role(chat, "u2")).isEmpty();
            assertThat(store.chat(chat)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Climbers"));
        });
        // another store on the same database (as another node would be) is only allowed where nothing is kept
        if (db().dialect() == Dialect.POSTGRES) {
            new JdbcChatStore(db().jdbc(), SingleWriter.of(db().dataSource())).addMember(chat, "u4", ChatsApi.MEMBER, 4);
            tx.executeWithoutResult(s -> assertThat(store.members(chat)).extracting(Member::userId).containsExactly("u1", "u4"));
        }
    }
}
