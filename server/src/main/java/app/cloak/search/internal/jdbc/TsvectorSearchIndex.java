package app.cloak.search.internal.jdbc;

import app.cloak.search.internal.SearchIndex;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL: one row per message with a tsvector of blind tokens under a GIN index, ranked by
 * ts_rank. The vector is written as a literal ({@code 'tok':1,4 …}) so no text-search parser or
 * dictionary ever touches the tokens.
 */
final class TsvectorSearchIndex implements SearchIndex {
    /** PostgreSQL keeps positions up to 16383 and at most 256 of them per lexeme. */
    private static final int MAX_POSITION = 16_383;
    private static final int MAX_POSITIONS_PER_TOKEN = 256;

    private final JdbcClient jdbc;

    TsvectorSearchIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(String messageId, String chatId, List<String> tokens) {
        if (tokens.isEmpty()) {
            remove(List.of(messageId));
            return;
        }
        jdbc.sql("""
                INSERT INTO search_docs (message_id, chat_id, terms) VALUES (?, ?, CAST(? AS tsvector))
                ON CONFLICT (message_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, terms = EXCLUDED.terms""")
                .params(messageId, chatId, vector(tokens)).update();
    }

    @Override
    public void remove(Collection<String> messageIds) {
        if (messageIds.isEmpty()) return;
        jdbc.sql("DELETE FROM search_docs WHERE message_id IN (:ids)").param("ids", messageIds).update();
    }

    @Override
    public List<String> find(Collection<String> chatIds, Collection<String> tokens, int limit) {
        if (chatIds.isEmpty() || tokens.isEmpty() || limit <= 0) return List.of();
        String query = tokens.stream().distinct().map(t -> "'" + t + "'").collect(Collectors.joining(" & "));
        // Normalisation 1: divide by 1 + log(length), so a short message that is about the word wins.
        // Unlike the FTS5 adapter this ranks every match: a recency-windowed variant (newest 1,000 matches,
        // then ts_rank) measured slower on PostgreSQL 15 (see BENCHMARKS-search.md).
        return jdbc.sql("""
                SELECT d.message_id FROM search_docs d, CAST(:query AS tsquery) q
                WHERE d.chat_id IN (:chats) AND d.terms @@ q
                ORDER BY ts_rank(d.terms, q, 1) DESC, d.doc_id DESC
                LIMIT :limit""")
                .param("query", query).param("chats", chatIds).param("limit", limit)
                .query(String.class).list();
    }

    /** {@code 'ta':1,3 'tb':2}: every token with its positions, so ts_rank sees repeats. */
    static String vector(List<String> tokens) {
        Map<String, StringBuilder> positions = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            int count = counts.merge(token, 1, Integer::sum);
            StringBuilder at = positions.computeIfAbsent(token, t -> new StringBuilder());
            if (count <= MAX_POSITIONS_PER_TOKEN) {
                if (!at.isEmpty()) at.append(',');
                at.append(Math.min(i + 1, MAX_POSITION));
            }
        }
        return positions.entrySet().stream().map(e -> "'" + e.getKey() + "':" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
