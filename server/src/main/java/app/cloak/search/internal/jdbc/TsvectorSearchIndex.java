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
 *
 * <p>A search ranks the newest {@link SearchIndex#RANKING_WINDOW} matches in the caller's chats.
 * PostgreSQL picks how to find them from the word's frequency: a common word walks the messages newest
 * first and stops at the window, which costs a few hundred pages. A rarer word takes the GIN and
 * chat indexes and fetches only its matches. Ranking every match instead, as before, fetched one heap
 * page per match, which is tens of thousands for a word in half of all messages (BENCHMARKS.md).
 */
final class TsvectorSearchIndex implements SearchIndex {
    /** PostgreSQL keeps positions up to 16383 and at most 256 of them per lexeme. */
    private static final int MAX_POSITION = 16_383;
    private static final int MAX_POSITIONS_PER_TOKEN = 256;
    /** Planner cost of a random page read, for the search statement only (see {@link #find}). */
    private static final String RANDOM_PAGE_COST = "1.1";

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
    public void putAll(String chatId, java.util.Map<String, List<String>> tokensByMessage) {
        List<String> empty = tokensByMessage.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        if (!empty.isEmpty()) remove(empty);
        List<Map.Entry<String, List<String>>> docs = tokensByMessage.entrySet().stream().filter(e -> !e.getValue().isEmpty()).toList();
        for (int i = 0; i < docs.size(); i += 500) {
            var chunk = docs.subList(i, Math.min(docs.size(), i + 500));
            List<Object> args = new java.util.ArrayList<>(chunk.size() * 3);
            for (var e : chunk) {
                args.add(e.getKey());
                args.add(chatId);
                args.add(vector(e.getValue()));
            }
            jdbc.sql("INSERT INTO search_docs (message_id, chat_id, terms) VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, CAST(? AS tsvector))"))
                    + " ON CONFLICT (message_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, terms = EXCLUDED.terms")
                    .params(args).update();
        }
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
        // Two planner settings, for this transaction only. The right plan depends on how common the
        // words are, which a generic plan (what the driver's prepared statement gets after five runs)
        // cannot know. And random_page_cost's default of 4 models a spinning disk: with it a rare word
        // also scanned the chat index (417 pages instead of 61, 5-10x slower) and mid-frequency words
        // walked tens of thousands of rows. BENCHMARKS.md has the measurements.
        jdbc.sql("SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('random_page_cost', ?, true)")
                .param(RANDOM_PAGE_COST).query().listOfRows();
        // Normalisation 1: divide by 1 + log(length), so a short message that is about the word wins.
        return jdbc.sql("""
                WITH newest AS MATERIALIZED (
                    SELECT d.doc_id, d.message_id, d.terms FROM search_docs d
                    WHERE d.chat_id IN (:chats) AND d.terms @@ CAST(:query AS tsquery)
                    ORDER BY d.doc_id DESC LIMIT :window)
                SELECT message_id FROM newest
                ORDER BY ts_rank(terms, CAST(:query AS tsquery), 1) DESC, doc_id DESC
                LIMIT :limit""")
                .param("chats", chatIds).param("query", query).param("window", RANKING_WINDOW).param("limit", limit)
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
