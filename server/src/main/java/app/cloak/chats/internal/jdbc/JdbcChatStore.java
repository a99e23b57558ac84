package app.cloak.chats.internal.jdbc;

import app.cloak.chats.ChatInfo;
import app.cloak.chats.internal.ChatStore;
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
    private final JdbcClient jdbc;

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

    private static void wrote() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) return;
        Reads reads = TransactionBound.get(READS, Reads::new);
        reads.wrote = true;
        reads.chats.clear();
        reads.members.clear();
    }

    public JdbcChatStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insertChat(ChatRow c) {
        wrote();
        return jdbc.sql("""
                INSERT INTO chats (id, type, name, description, admins_only, direct_key, created_by, created_at,
                                   disappearing_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(c.id(), c.type(), c.name(), c.description(), c.adminsOnly() ? 1 : 0, c.directKey(), c.createdBy(), c.createdAt(),
                        c.disappearingSeconds())
                .update() == 1;
    }

    @Override
    public Optional<ChatRow> chat(String chatId) {
        Reads reads = reads();
        return reads == null ? readChat(chatId) : reads.chats.computeIfAbsent(chatId, this::readChat);
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
        wrote();
        jdbc.sql("UPDATE chats SET name = ?, description = ?, admins_only = ? WHERE id = ?")
                .params(name, description, adminsOnly ? 1 : 0, chatId).update();
    }

    @Override
    public void addMember(String chatId, String userId, String role, long at) {
        wrote();
        jdbc.sql("INSERT INTO chat_members (chat_id, user_id, role, joined_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(chatId, userId, role, at).update();
    }

    @Override
    public void removeMember(String chatId, String userId) {
        wrote();
        jdbc.sql("DELETE FROM chat_members WHERE chat_id = ? AND user_id = ?").params(chatId, userId).update();
    }

    @Override
    public void setRole(String chatId, String userId, String role) {
        wrote();
        jdbc.sql("UPDATE chat_members SET role = ? WHERE chat_id = ? AND user_id = ?").params(role, chatId, userId).update();
    }

    @Override
    public List<ChatInfo.Member> members(String chatId) {
        Reads reads = reads();
        return reads == null ? readMembers(chatId) : reads.members.computeIfAbsent(chatId, this::readMembers);
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
        wrote();
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
        wrote();
        jdbc.sql("UPDATE chats SET disappearing_seconds = ? WHERE id = ?").params(seconds, chatId).update();
    }

    private static ChatRow row(ResultSet rs, int n) throws SQLException {
        return new ChatRow(rs.getString("id"), rs.getString("type"), rs.getString("name"), rs.getString("description"),
                rs.getInt("admins_only") == 1, rs.getString("direct_key"), rs.getString("created_by"), rs.getLong("created_at"),
                rs.getLong("disappearing_seconds"));
    }
}
