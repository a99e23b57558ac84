package app.cloak.messaging.internal.jdbc;

import app.cloak.messaging.internal.MessageStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Plain SQL that runs unchanged on SQLite (3.35+) and PostgreSQL: upserts and RETURNING on both. */
@Repository
public class JdbcMessageStore implements MessageStore {
    private static final String COLUMNS =
            "id, chat_id, seq, sender_id, client_msg_id, type, body, reply_to, forwarded, created_at, edited_at, deleted_at, expires_at";
    /** Not (yet) expired: expired messages stay invisible until the expiry job deletes them. */
    private static final String LIVE = "(expires_at IS NULL OR expires_at > :now)";
    private static final List<String> PER_MESSAGE_TABLES = List.of("message_reactions", "message_stars", "message_hidden", "message_external_ids");

    /** Rows per multi-row INSERT: 13 columns × 500 stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
    static final int ROWS_PER_STATEMENT = 500;

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcMessageStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public long nextSeq(String chatId) {
        return jdbc.sql("""
                INSERT INTO chat_sequences (chat_id, last_seq) VALUES (?, 1)
                ON CONFLICT (chat_id) DO UPDATE SET last_seq = chat_sequences.last_seq + 1
                RETURNING last_seq""").param(chatId).query(Long.class).single();
    }

    @Override
    public long reserveSeqs(String chatId, int n) {
        if (n < 1) throw new IllegalArgumentException("n < 1");
        return jdbc.sql("""
                INSERT INTO chat_sequences (chat_id, last_seq) VALUES (:chat, :n)
                ON CONFLICT (chat_id) DO UPDATE SET last_seq = chat_sequences.last_seq + :n
                RETURNING last_seq""").param("chat", chatId).param("n", (long) n).query(Long.class).single();
    }

    @Override
    public boolean linkExternal(String chatId, String externalId, String messageId) {
        return jdbc.sql("INSERT INTO message_external_ids (chat_id, external_id, message_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(chatId, externalId, messageId).update() == 1;
    }

    @Override
    public void linkExternalAll(String chatId, Map<String, String> externalToMessage) {
        List<Map.Entry<String, String>> links = List.copyOf(externalToMessage.entrySet());
        for (int i = 0; i < links.size(); i += ROWS_PER_STATEMENT) {
            var chunk = links.subList(i, Math.min(links.size(), i + ROWS_PER_STATEMENT));
            List<Object> args = new ArrayList<>(chunk.size() * 3);
            for (var e : chunk) args.addAll(List.of(chatId, e.getKey(), e.getValue()));
            jdbc.sql("INSERT INTO message_external_ids (chat_id, external_id, message_id) VALUES " + rows(chunk.size(), 3)
                    + " ON CONFLICT DO NOTHING").params(args).update();
        }
    }

    @Override
    public Map<String, String> externalMessages(String chatId, Collection<String> externalIds) {
        Map<String, String> out = new HashMap<>();
        List<String> ids = List.copyOf(externalIds);
        for (int i = 0; i < ids.size(); i += 500) {
            jdbc.sql("SELECT external_id, message_id FROM message_external_ids WHERE chat_id = :chat AND external_id IN (:ids)")
                    .param("chat", chatId).param("ids", ids.subList(i, Math.min(ids.size(), i + 500)))
                    .query(rs -> { out.put(rs.getString(1), rs.getString(2)); });
        }
        return out;
    }

    @Override
    public List<String> idsOf(String chatId) {
        return jdbc.sql("SELECT id FROM messages WHERE chat_id = ? ORDER BY seq").param(chatId).query(String.class).list();
    }

    @Override
    public void setSeqs(String chatId, Map<String, Long> seqs) {
        seqs.forEach((id, seq) -> jdbc.sql("UPDATE messages SET seq = ? WHERE id = ? AND chat_id = ?").params(seq, id, chatId).update());
    }

    @Override
    public Optional<String> externalIdOf(String messageId) {
        return jdbc.sql("SELECT external_id FROM message_external_ids WHERE message_id = ?").param(messageId)
                .query(String.class).optional();
    }

    @Override
    public long lastSeq(String chatId) {
        return jdbc.sql("SELECT last_seq FROM chat_sequences WHERE chat_id = ?").param(chatId).query(Long.class).optional().orElse(0L);
    }

    @Override
    public Map<String, Long> lastSeqs(Collection<String> chatIds) {
        Map<String, Long> out = new HashMap<>();
        if (chatIds.isEmpty()) return out;
        jdbc.sql("SELECT chat_id, last_seq FROM chat_sequences WHERE chat_id IN (:ids)").param("ids", chatIds)
                .query(rs -> { out.put(rs.getString(1), rs.getLong(2)); });
        return out;
    }

    @Override
    public void insert(StoredMessage m, String senderDeviceId) {
        jdbc.sql("INSERT INTO messages (" + COLUMNS + ", sender_device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(m.id(), m.chatId(), m.seq(), m.senderId(), m.clientMsgId(), m.type(), m.body(), m.replyTo(),
                        m.forwarded() ? 1 : 0, m.createdAt(), m.editedAt(), m.deletedAt(), m.expiresAt(), senderDeviceId)
                .update();
    }

    @Override
    public void insertAll(List<StoredMessage> messages) {
        for (int i = 0; i < messages.size(); i += ROWS_PER_STATEMENT) {
            var chunk = messages.subList(i, Math.min(messages.size(), i + ROWS_PER_STATEMENT));
            List<Object> args = new ArrayList<>(chunk.size() * 13);
            for (var m : chunk) {
                args.addAll(java.util.Arrays.asList(m.id(), m.chatId(), m.seq(), m.senderId(), m.clientMsgId(), m.type(), m.body(),
                        m.replyTo(), m.forwarded() ? 1 : 0, m.createdAt(), m.editedAt(), m.deletedAt(), m.expiresAt()));
            }
            jdbc.sql("INSERT INTO messages (" + COLUMNS + ") VALUES " + rows(chunk.size(), 13)).params(args).update();
        }
    }

    /** "(?, …), (?, …)": one multi-row VALUES list (the same SQL on SQLite and PostgreSQL). */
    static String rows(int rows, int columns) {
        String row = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", java.util.Collections.nCopies(rows, row));
    }

    @Override
    public Optional<StoredMessage> byId(String messageId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE id = :id AND " + LIVE)
                .param("id", messageId).param("now", clock.millis()).query(JdbcMessageStore::row).optional();
    }

    @Override
    public List<StoredMessage> byIds(Collection<String> messageIds) {
        if (messageIds.isEmpty()) return List.of();
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE id IN (:ids) AND " + LIVE).param("ids", messageIds)
                .param("now", clock.millis()).query(JdbcMessageStore::row).list();
    }

    @Override
    public Optional<StoredMessage> byClientMsgId(String senderId, String clientMsgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE sender_id = ? AND client_msg_id = ?")
                .params(senderId, clientMsgId).query(JdbcMessageStore::row).optional();
    }


    @Override
    public List<StoredMessage> page(String chatId, String userId, Long afterSeq, Long beforeSeq, int limit, boolean newestFirst) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM messages m WHERE chat_id = :chat"
                + " AND NOT EXISTS (SELECT 1 FROM message_hidden h WHERE h.user_id = :user AND h.message_id = m.id)"
                + " AND " + LIVE);
        if (afterSeq != null) sql.append(" AND seq > :after");
        if (beforeSeq != null) sql.append(" AND seq < :before");
        sql.append(newestFirst ? " ORDER BY seq DESC" : " ORDER BY seq ASC").append(" LIMIT :limit");
        var statement = jdbc.sql(sql.toString()).param("chat", chatId).param("user", userId).param("limit", limit)
                .param("now", clock.millis());
        if (afterSeq != null) statement = statement.param("after", afterSeq);
        if (beforeSeq != null) statement = statement.param("before", beforeSeq);
        List<StoredMessage> rows = new ArrayList<>(statement.query(JdbcMessageStore::row).list());
        if (newestFirst) java.util.Collections.reverse(rows);
        return rows;
    }

    @Override
    public void updateBody(String messageId, byte[] body, long editedAt) {
        jdbc.sql("UPDATE messages SET body = ?, edited_at = ? WHERE id = ?").params(body, editedAt, messageId).update();
    }

    @Override
    public void markDeleted(String messageId, long deletedAt) {
        jdbc.sql("UPDATE messages SET body = NULL, deleted_at = ? WHERE id = ?").params(deletedAt, messageId).update();
    }

    @Override
    public void hide(String userId, String messageId) {
        jdbc.sql("INSERT INTO message_hidden (user_id, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING").params(userId, messageId).update();
    }

    @Override
    public Collection<String> hiddenAmong(String userId, Collection<String> messageIds) {
        if (messageIds.isEmpty()) return List.of();
        return new HashSet<>(jdbc.sql("SELECT message_id FROM message_hidden WHERE user_id = :u AND message_id IN (:ids)")
                .param("u", userId).param("ids", messageIds).query(String.class).list());
    }

    @Override
    public void react(String messageId, String userId, String emoji, long at) {
        jdbc.sql("""
                INSERT INTO message_reactions (message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (message_id, user_id) DO UPDATE SET emoji = excluded.emoji, created_at = excluded.created_at""")
                .params(messageId, userId, emoji, at).update();
    }

    @Override
    public void unreact(String messageId, String userId) {
        jdbc.sql("DELETE FROM message_reactions WHERE message_id = ? AND user_id = ?").params(messageId, userId).update();
    }

    @Override
    public void clearReactions(String messageId) {
        jdbc.sql("DELETE FROM message_reactions WHERE message_id = ?").param(messageId).update();
    }

    @Override
    public Map<String, List<String[]>> reactions(Collection<String> messageIds) {
        Map<String, List<String[]>> out = new HashMap<>();
        if (messageIds.isEmpty()) return out;
        jdbc.sql("SELECT message_id, user_id, emoji FROM message_reactions WHERE message_id IN (:ids) ORDER BY created_at")
                .param("ids", messageIds)
                .query(rs -> { out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)}); });
        return out;
    }

    @Override
    public Marks marks(String userId, Collection<String> messageIds) {
        Map<String, List<String[]>> reactions = new HashMap<>();
        Collection<String> starred = new HashSet<>();
        Collection<String> hidden = new HashSet<>();
        if (messageIds.isEmpty()) return new Marks(reactions, starred, hidden);
        jdbc.sql("""
                SELECT 'r' AS kind, message_id, user_id, emoji, created_at FROM message_reactions WHERE message_id IN (:ids)
                UNION ALL SELECT 's', message_id, NULL, NULL, 0 FROM message_stars WHERE user_id = :u AND message_id IN (:ids)
                UNION ALL SELECT 'h', message_id, NULL, NULL, 0 FROM message_hidden WHERE user_id = :u AND message_id IN (:ids)
                ORDER BY 5""").param("u", userId).param("ids", messageIds)
                .query(rs -> {
                    switch (rs.getString(1)) {
                        case "r" -> reactions.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                                .add(new String[] {rs.getString(3), rs.getString(4)});
                        case "s" -> starred.add(rs.getString(2));
                        default -> hidden.add(rs.getString(2));
                    }
                });
        return new Marks(reactions, starred, hidden);
    }

    @Override
    public void star(String userId, String messageId, long at) {
        jdbc.sql("INSERT INTO message_stars (user_id, message_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(userId, messageId, at).update();
    }

    @Override
    public void unstar(String userId, String messageId) {
        jdbc.sql("DELETE FROM message_stars WHERE user_id = ? AND message_id = ?").params(userId, messageId).update();
    }

    @Override
    public Collection<String> starredAmong(String userId, Collection<String> messageIds) {
        if (messageIds.isEmpty()) return List.of();
        return new HashSet<>(jdbc.sql("SELECT message_id FROM message_stars WHERE user_id = :u AND message_id IN (:ids)")
                .param("u", userId).param("ids", messageIds).query(String.class).list());
    }

    @Override
    public List<String> starred(String userId, int limit) {
        return jdbc.sql("SELECT message_id FROM message_stars WHERE user_id = ? ORDER BY created_at DESC LIMIT ?")
                .params(userId, limit).query(String.class).list();
    }

    @Override
    public Watermark watermark(String chatId, String userId) {
        return jdbc.sql("SELECT user_id, delivered_seq, read_seq, private_read_seq FROM read_watermarks WHERE chat_id = ? AND user_id = ?")
                .params(chatId, userId).query(JdbcMessageStore::watermark).optional().orElse(Watermark.none(userId));
    }

    @Override
    public List<Watermark> watermarks(String chatId) {
        return jdbc.sql("SELECT user_id, delivered_seq, read_seq, private_read_seq FROM read_watermarks WHERE chat_id = ?")
                .param(chatId).query(JdbcMessageStore::watermark).list();
    }

    @Override
    public Watermark advance(String chatId, String userId, long deliveredSeq, long readSeq, long privateReadSeq) {
        jdbc.sql("""
                INSERT INTO read_watermarks (chat_id, user_id, delivered_seq, read_seq, private_read_seq) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (chat_id, user_id) DO UPDATE SET
                    delivered_seq = CASE WHEN excluded.delivered_seq > read_watermarks.delivered_seq
                                         THEN excluded.delivered_seq ELSE read_watermarks.delivered_seq END,
                    read_seq = CASE WHEN excluded.read_seq > read_watermarks.read_seq
                                    THEN excluded.read_seq ELSE read_watermarks.read_seq END,
                    private_read_seq = CASE WHEN excluded.private_read_seq > read_watermarks.private_read_seq
                                            THEN excluded.private_read_seq ELSE read_watermarks.private_read_seq END""")
                .params(chatId, userId, deliveredSeq, readSeq, privateReadSeq).update();
        return watermark(chatId, userId);
    }

    @Override
    public long countUnread(String chatId, String userId, long afterSeq, long upToSeq) {
        return jdbc.sql("SELECT COUNT(*) FROM messages WHERE chat_id = :chat AND seq > :after AND seq <= :upTo AND sender_id <> :user"
                        + " AND deleted_at IS NULL AND " + LIVE)
                .param("chat", chatId).param("after", afterSeq).param("upTo", upToSeq).param("user", userId).param("now", clock.millis())
                .query(Long.class).single();
    }

    @Override
    public List<Expired> expiredBy(long now, int limit) {
        return jdbc.sql("SELECT id, chat_id FROM messages WHERE expires_at <= ? ORDER BY expires_at LIMIT ?")
                .params(now, limit).query((rs, n) -> new Expired(rs.getString("id"), rs.getString("chat_id"))).list();
    }

    @Override
    public int purge(Collection<String> messageIds) {
        if (messageIds.isEmpty()) return 0;
        for (String table : PER_MESSAGE_TABLES) {
            jdbc.sql("DELETE FROM " + table + " WHERE message_id IN (:ids)").param("ids", messageIds).update();
        }
        jdbc.sql("DELETE FROM change_feed WHERE ref IN (:ids)").param("ids", messageIds).update();
        return jdbc.sql("DELETE FROM messages WHERE id IN (:ids)").param("ids", messageIds).update();
    }

    private static StoredMessage row(ResultSet rs, int n) throws SQLException {
        long edited = rs.getLong("edited_at");
        Long editedAt = rs.wasNull() ? null : edited;
        long deleted = rs.getLong("deleted_at");
        Long deletedAt = rs.wasNull() ? null : deleted;
        long expires = rs.getLong("expires_at");
        Long expiresAt = rs.wasNull() ? null : expires;
        return new StoredMessage(rs.getString("id"), rs.getString("chat_id"), rs.getLong("seq"), rs.getString("sender_id"),
                rs.getString("client_msg_id"), rs.getString("type"), rs.getBytes("body"), rs.getString("reply_to"),
                rs.getInt("forwarded") == 1, rs.getLong("created_at"), editedAt, deletedAt, expiresAt);
    }

    private static Watermark watermark(ResultSet rs, int n) throws SQLException {
        return new Watermark(rs.getString("user_id"), rs.getLong("delivered_seq"), rs.getLong("read_seq"), rs.getLong("private_read_seq"));
    }
}
