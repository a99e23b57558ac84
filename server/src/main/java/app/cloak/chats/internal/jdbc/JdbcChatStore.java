package app.cloak.chats.internal.jdbc;

import app.cloak.chats.ChatInfo;
import app.cloak.chats.internal.ChatStore;
import app.cloak.platform.persistence.KeptReads;
import app.cloak.platform.persistence.SingleWriter;
import app.cloak.platform.persistence.TransactionBound;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Repository
public class JdbcChatStore implements ChatStore {
    /**
     * What a SQLite node keeps between transactions at most, least recently used out first: members of the chats kept
     * (a group has up to 1,024; some 150 bytes each, so about 30 MiB), and chats.
     */
    static final int SHARED_MEMBERS = 200_000;
    static final int SHARED_CHATS = 10_000;

    private final JdbcClient jdbc;
    /**
     * With a {@link SingleWriter} (SQLite), chats' rows and members as transactions read them, kept for the next ones
     * (BENCHMARKS.md, session 10: the send writer read each chat of its batch afresh, a tenth of its time), under the
     * rules of {@link KeptReads}. Null otherwise (PostgreSQL: other nodes write the same chats).
     */
    private final KeptReads<Optional<ChatRow>> chatsKept;
    private final KeptReads<List<ChatInfo.Member>> membersKept;

    /**
     * A chat's row and members as this transaction read them, until it writes any chat: the send writer's batch of
     * hundreds of sends reads each chat's row and members for each of its sends (the authorisation, then the feed's
     * recipients), and those reads were a tenth of the writer's time (BENCHMARKS.md, session 9). Nothing else can
     * change them meanwhile (on SQLite the transaction holds the one write lock; on PostgreSQL a membership change
     * racing a send is ordered either way, as it was when each send read them). Once the transaction writes a chat,
     * it reads from the database to its end: a write rolled back to a savepoint must not leave a cached read of it.
     */
    private static final class Reads {
        final Map<String, Optional<ChatRow>> chats = new HashMap<>();
        final Map<String, List<ChatInfo.Member>> members = new HashMap<>();
        boolean wrote;
    }

    private static final Object READS = new Object();

    /** This transaction's cached reads; null outside a transaction or once it wrote a chat. */
    private static Reads reads() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) return null;
        Reads reads = TransactionBound.get(READS, Reads::new);
        return reads.wrote ? null : reads;
    }

    /** Before a write to the chat: this transaction reads from the database from now on, and nobody keeps the chat. */
    private void writing(String chatId) {
        if (chatsKept != null) {
            chatsKept.writing(chatId);
            membersKept.writing(chatId);
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) return;
        Reads reads = TransactionBound.get(READS, Reads::new);
        reads.wrote = true;
        reads.chats.clear();
        reads.members.clear();
    }

    /** After a write to the chat (see {@link KeptReads#written}). */
    private void written(String chatId) {
        if (chatsKept != null) {
            chatsKept.written(chatId);
            membersKept.written(chatId);
        }
    }

    public JdbcChatStore(JdbcClient jdbc, SingleWriter writer) {
        this.jdbc = jdbc;
        this.chatsKept = writer.exists() ? new KeptReads<>(writer, SHARED_CHATS, row -> 1, Optional::isPresent) : null;
        this.membersKept = writer.exists() ? new KeptReads<>(writer, SHARED_MEMBERS, List::size, m -> !m.isEmpty()) : null;
    }

    @Override
    public boolean insertChat(ChatRow c) {
        writing(c.id());
        boolean inserted = jdbc.sql("""
                INSERT INTO chats (id, type, name, description, admins_only, direct_key, created_by, created_at,
                                   disappearing_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(c.id(), c.type(), c.name(), c.description(), c.adminsOnly() ? 1 : 0, c.directKey(), c.createdBy(), c.createdAt(),
                        c.disappearingSeconds())
                .update() == 1;
        written(c.id());
        return inserted;
    }

    @Override
    public Optional<ChatRow> chat(String chatId) {
        Reads reads = reads();
        if (reads == null) return readChat(chatId);
        return reads.chats.computeIfAbsent(chatId, chatsKept == null ? this::readChat : id -> chatsKept.get(id, this::readChat));
    }

    private Optional<ChatRow> readChat(String chatId) {
        return jdbc.sql("SELECT * FROM chats WHERE id = ?").param(chatId).query(JdbcChatStore::row).optional();
    }

    @Override
    public Optional<ChatRow> directChat(String directKey) {
        return jdbc.sql("SELECT * FROM chats WHERE direct_key = ?").param(directKey).query(JdbcChatStore::row).optional();
    }

    @Override
    public void updateChat(String chatId, String name, String description, boolean adminsOnly) {
        writing(chatId);
        jdbc.sql("UPDATE chats SET name = ?, description = ?, admins_only = ? WHERE id = ?")
                .params(name, description, adminsOnly ? 1 : 0, chatId).update();
        written(chatId);
    }

    @Override
    public void addMember(String chatId, String userId, String role, long at) {
        writing(chatId);
        jdbc.sql("INSERT INTO chat_members (chat_id, user_id, role, joined_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(chatId, userId, role, at).update();
        written(chatId);
    }

    @Override
    public void removeMember(String chatId, String userId) {
        writing(chatId);
        jdbc.sql("DELETE FROM chat_members WHERE chat_id = ? AND user_id = ?").params(chatId, userId).update();
        written(chatId);
    }

    @Override
    public void setRole(String chatId, String userId, String role) {
        writing(chatId);
        jdbc.sql("UPDATE chat_members SET role = ? WHERE chat_id = ? AND user_id = ?").params(role, chatId, userId).update();
        written(chatId);
    }

    @Override
    public List<ChatInfo.Member> members(String chatId) {
        Reads reads = reads();
        if (reads == null) return readMembers(chatId);
        return reads.members.computeIfAbsent(chatId, membersKept == null ? this::readMembers : id -> membersKept.get(id, this::readMembers));
    }

    private List<ChatInfo.Member> readMembers(String chatId) {
        return List.copyOf(jdbc.sql("SELECT user_id, role FROM chat_members WHERE chat_id = ? ORDER BY joined_at, user_id")
                .param(chatId).query((rs, n) -> new ChatInfo.Member(rs.getString("user_id"), rs.getString("role"))).list());
    }

    @Override
    public List<String> chatIdsOf(String userId) {
        return jdbc.sql("SELECT chat_id FROM chat_members WHERE user_id = ?").param(userId).query(String.class).list();
    }

    @Override
    public boolean isMember(String chatId, String userId) {
        return role(chatId, userId).isPresent();
    }

    @Override
    public Optional<String> role(String chatId, String userId) {
        if (membersKept != null && membersKept.usable() && reads() != null) {   // members kept: no query for a role
            return members(chatId).stream().filter(m -> m.userId().equals(userId)).map(ChatInfo.Member::role).findFirst();
        }
        return jdbc.sql("SELECT role FROM chat_members WHERE chat_id = ? AND user_id = ?").params(chatId, userId)
                .query(String.class).optional();
    }

    @Override
    public ChatInfo.Settings settings(String chatId, String userId) {
        return jdbc.sql("SELECT muted_until, archived, pinned FROM chat_settings WHERE chat_id = ? AND user_id = ?")
                .params(chatId, userId)
                .query((rs, n) -> {
                    long muted = rs.getLong("muted_until");
                    Long mutedUntil = rs.wasNull() ? null : muted;
                    return new ChatInfo.Settings(mutedUntil, rs.getInt("archived") == 1, rs.getInt("pinned") == 1);
                })
                .optional().orElse(ChatInfo.Settings.DEFAULT);
    }

    @Override
    public void putSettings(String chatId, String userId, ChatInfo.Settings s) {
        jdbc.sql("""
                INSERT INTO chat_settings (chat_id, user_id, muted_until, archived, pinned) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (chat_id, user_id) DO UPDATE SET muted_until = excluded.muted_until,
                    archived = excluded.archived, pinned = excluded.pinned""")
                .params(chatId, userId, s.mutedUntil(), s.archived() ? 1 : 0, s.pinned() ? 1 : 0).update();
    }

    @Override
    public List<ChatRow> chats(Collection<String> chatIds) {
        if (chatIds.isEmpty()) return List.of();
        return jdbc.sql("SELECT * FROM chats WHERE id IN (:ids)").param("ids", chatIds).query(JdbcChatStore::row).list();
    }

    @Override
    public void setDisappearingSeconds(String chatId, long seconds) {
        writing(chatId);
        jdbc.sql("UPDATE chats SET disappearing_seconds = ? WHERE id = ?").params(seconds, chatId).update();
        written(chatId);
    }

    private static ChatRow row(ResultSet rs, int n) throws SQLException {
        return new ChatRow(rs.getString("id"), rs.getString("type"), rs.getString("name"), rs.getString("description"),
                rs.getInt("admins_only") == 1, rs.getString("direct_key"), rs.getString("created_by"), rs.getLong("created_at"),
                rs.getLong("disappearing_seconds"));
    }
}
