package app.cloak.messaging.internal.jdbc;

import app.cloak.messaging.internal.ChangeFeedStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcChangeFeedStore implements ChangeFeedStore {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    public JdbcChangeFeedStore(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Override
    public List<Change> append(List<Change> changes, long at) {
        if (changes.isEmpty()) return List.of();
        long last = jdbc.sql("UPDATE change_clock SET version = version + ? WHERE id = 1 RETURNING version")
                .param(changes.size()).query(Long.class).single();
        long version = last - changes.size();
        List<Change> stored = new ArrayList<>(changes.size());
        for (var c : changes) stored.add(new Change(++version, c.chatId(), c.userId(), c.kind(), c.ref()));
        // Multi-row statements: a transaction that appends an import's thousands of messages writes them in a few.
        for (int i = 0; i < stored.size(); i += JdbcMessageStore.ROWS_PER_STATEMENT) {
            var chunk = stored.subList(i, Math.min(stored.size(), i + JdbcMessageStore.ROWS_PER_STATEMENT));
            List<Object> args = new ArrayList<>(chunk.size() * 6);
            for (var s : chunk) args.addAll(java.util.Arrays.asList(s.version(), s.chatId(), s.userId(), s.kind(), s.ref(), at));
            jdbc.sql("INSERT INTO change_feed (version, chat_id, user_id, kind, ref, created_at) VALUES "
                    + JdbcMessageStore.rows(chunk.size(), 6)).params(args).update();
        }
        return stored;
    }

    @Override
    public long head() {
        return jdbc.sql("SELECT version FROM change_clock WHERE id = 1").query(Long.class).single();
    }

    @Override
    public Bounds bounds() {
        return jdbc.sql("SELECT pruned_up_to, version FROM change_clock WHERE id = 1")
                .query((rs, n) -> new Bounds(rs.getLong(1), rs.getLong(2))).single();
    }

    @Override
    public long horizon() {
        return jdbc.sql("SELECT pruned_up_to FROM change_clock WHERE id = 1").query(Long.class).single();
    }

    @Override
    public int prune(long cutoff, int limit) {
        long upTo = jdbc.sql("SELECT COALESCE(MAX(version), -1) FROM (SELECT version FROM change_feed WHERE created_at < ? ORDER BY version LIMIT ?) old")
                .params(cutoff, limit).query(Long.class).single();
        if (upTo < 0) return 0;
        int removed = jdbc.sql("DELETE FROM change_feed WHERE version <= ?").param(upTo).update();
        jdbc.sql("UPDATE change_clock SET pruned_up_to = ? WHERE id = 1 AND pruned_up_to < ?").params(upTo, upTo).update();
        events.publishEvent(new Pruned(upTo));
        return removed;
    }

    @Override
    public List<Change> since(String userId, Collection<String> chatIds, Map<String, Long> leftChats, long afterVersion, int limit) {
        StringBuilder where = new StringBuilder();
        if (!chatIds.isEmpty()) where.append("(user_id IS NULL AND chat_id IN (:chats)) OR ");
        int i = 0;
        for (var ignored : leftChats.keySet()) {
            where.append("(user_id IS NULL AND chat_id = :left").append(i).append(" AND version < :until").append(i)
                    .append(" AND kind LIKE 'message.%') OR ");
            i++;
        }
        var spec = jdbc.sql("SELECT version, chat_id, user_id, kind, ref FROM change_feed WHERE version > :after AND ("
                        + where + "user_id = :user) ORDER BY version LIMIT :limit")
                .param("after", afterVersion).param("user", userId).param("limit", limit);
        if (!chatIds.isEmpty()) spec = spec.param("chats", chatIds);
        i = 0;
        for (var left : leftChats.entrySet()) {
            spec = spec.param("left" + i, left.getKey()).param("until" + i, left.getValue());
            i++;
        }
        return spec.query((rs, n) -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    @Override
    public Map<String, Long> newestForUser(String userId, String kind, long afterVersion) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("SELECT chat_id, MAX(version) FROM change_feed WHERE user_id = ? AND version > ? AND kind = ? GROUP BY chat_id")
                .params(userId, afterVersion, kind).query(rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    @Override
    public List<String> sendersBetween(String chatId, long afterSeq, long upToSeq, String except) {
        if (upToSeq <= afterSeq) return List.of();
        return jdbc.sql("SELECT DISTINCT sender_id FROM messages WHERE chat_id = ? AND seq > ? AND seq <= ? AND sender_id <> ?")
                .params(chatId, afterSeq, upToSeq, except).query(String.class).list();
    }
}
