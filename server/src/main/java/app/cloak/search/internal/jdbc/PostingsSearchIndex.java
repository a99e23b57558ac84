package app.cloak.search.internal.jdbc;

import app.cloak.search.internal.SearchIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL: a B-tree of postings, one row per (blind token, chat, message) with the token's count in the
 * message and the message's length. {@code search_docs} maps a message to its {@code doc_id} (its place in
 * send order, kept across edits) and keeps its tokens as a tsvector literal ({@code 'tok':1,4 …}, never parsed
 * by a text-search dictionary), so an edit or delete finds the postings to drop.
 *
 * <p>A search reads, for each of the caller's chats, the newest {@link SearchIndex#RANKING_WINDOW} postings of
 * the query's rarest token: an index-only range scan of a few pages per chat, whatever the word's frequency.
 * The other tokens are checked by primary-key probes. Only the newest window across the chats is ranked, from
 * the counts held in the index; only the final hits touch {@code search_docs}. The previous design (a GIN index
 * over the tsvector) fetched one random heap page per match in the caller's chats, which for a word in a few
 * per cent of messages was thousands of pages per search (BENCHMARKS.md).
 */
final class PostingsSearchIndex implements SearchIndex {
    /** PostgreSQL keeps positions up to 16383 and at most 256 of them per lexeme. */
    private static final int MAX_POSITION = 16_383;
    private static final int MAX_POSITIONS_PER_TOKEN = 256;
    /** Frequencies above this are all "common": enough to pick the rarest of a query's tokens to lead. */
    private static final int FREQUENCY_CAP = 2_000;

    private final JdbcClient jdbc;

    PostingsSearchIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(String messageId, String chatId, List<String> tokens) {
        if (tokens.isEmpty()) {
            remove(List.of(messageId));
            return;
        }
        dropPostings(List.of(messageId));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String token : tokens) counts.merge(token, 1, Integer::sum);
        jdbc.sql("""
                WITH doc AS (
                    INSERT INTO search_docs (message_id, chat_id, terms) VALUES (:message, :chat, CAST(:vector AS tsvector))
                    ON CONFLICT (message_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, terms = EXCLUDED.terms
                    RETURNING doc_id)
                INSERT INTO search_postings (token, chat_id, doc_id, tf, doc_len)
                SELECT t.token, :chat, doc.doc_id, t.tf, :length
                FROM doc, unnest(CAST(ARRAY[:tokens] AS text[]), CAST(ARRAY[:counts] AS int[])) AS t(token, tf)""")
                .param("message", messageId).param("chat", chatId).param("vector", vector(tokens))
                .param("tokens", List.copyOf(counts.keySet())).param("counts", List.copyOf(counts.values()))
                .param("length", tokens.size())
                .update();
    }

    /** Messages per statement pair of {@link #addNew}. */
    private static final int ROWS = 500;

    /**
     * An import's messages, {@value #ROWS} at a time: one INSERT of their {@code search_docs} rows (doc ids in the
     * batch's order) and one of all their postings, instead of a statement pair per message.
     */
    @Override
    public Object prepareNew(String chatId, Map<String, List<String>> tokensByMessage) {
        return Map.entry(chatId, tokensByMessage);
    }

    @Override
    public void addNew(Object prepared) {
        addAllNew(List.of(prepared));
    }

    /** One message of a {@link #prepareNew} result, with its chat. */
    private record NewDoc(String messageId, String chatId, List<String> tokens) {}

    /**
     * All their messages, whatever their chats, {@value #ROWS} at a time: one INSERT of their {@code search_docs} rows
     * (doc ids in the messages' order) and one of all their postings. A batch of sends spans many chats: a statement
     * pair per chat or per message would cost the serial send writer two round trips each.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void addAllNew(List<?> prepared) {
        List<NewDoc> all = new ArrayList<>();
        for (Object p : prepared) {
            var entry = (Map.Entry<String, Map<String, List<String>>>) p;
            entry.getValue().forEach((id, tokens) -> {
                if (!tokens.isEmpty()) all.add(new NewDoc(id, entry.getKey(), tokens));
            });
        }
        for (int i = 0; i < all.size(); i += ROWS) {
            List<NewDoc> chunk = all.subList(i, Math.min(all.size(), i + ROWS));
            Map<String, Long> docIds = new java.util.HashMap<>();
            jdbc.sql("""
                    INSERT INTO search_docs (message_id, chat_id, terms)
                    SELECT t.message_id, t.chat_id, CAST(t.vector AS tsvector)
                    FROM unnest(CAST(ARRAY[:ids] AS text[]), CAST(ARRAY[:chats] AS text[]), CAST(ARRAY[:vectors] AS text[]))
                         WITH ORDINALITY AS t(message_id, chat_id, vector, n)
                    ORDER BY t.n
                    RETURNING message_id, doc_id""")
                    .param("ids", chunk.stream().map(NewDoc::messageId).toList())
                    .param("chats", chunk.stream().map(NewDoc::chatId).toList())
                    .param("vectors", chunk.stream().map(d -> vector(d.tokens())).toList())
                    .query(rs -> { docIds.put(rs.getString(1), rs.getLong(2)); });
            // Five space-separated lists, not one bind parameter per value: 500 long messages could pass PostgreSQL's
            // 65,535 parameters. Blind tokens, chat ids and numbers hold no spaces.
            StringBuilder tokens = new StringBuilder(), chats = new StringBuilder(), docs = new StringBuilder(),
                    tfs = new StringBuilder(), lengths = new StringBuilder();
            for (NewDoc d : chunk) {
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (String token : d.tokens()) counts.merge(token, 1, Integer::sum);
                counts.forEach((token, tf) -> {
                    if (!tokens.isEmpty()) {
                        tokens.append(' ');
                        chats.append(' ');
                        docs.append(' ');
                        tfs.append(' ');
                        lengths.append(' ');
                    }
                    tokens.append(token);
                    chats.append(d.chatId());
                    docs.append(docIds.get(d.messageId()));
                    tfs.append(tf);
                    lengths.append(d.tokens().size());
                });
            }
            jdbc.sql("""
                    INSERT INTO search_postings (token, chat_id, doc_id, tf, doc_len)
                    SELECT t.token, t.chat_id, t.doc_id, t.tf, t.doc_len
                    FROM unnest(string_to_array(:tokens, ' '), string_to_array(:chats, ' '),
                                CAST(string_to_array(:docs, ' ') AS bigint[]), CAST(string_to_array(:tfs, ' ') AS int[]),
                                CAST(string_to_array(:lengths, ' ') AS int[]))
                         AS t(token, chat_id, doc_id, tf, doc_len)""")
                    .param("tokens", tokens.toString()).param("chats", chats.toString()).param("docs", docs.toString())
                    .param("tfs", tfs.toString()).param("lengths", lengths.toString())
                    .update();
        }
    }

    @Override
    public void remove(Collection<String> messageIds) {
        if (messageIds.isEmpty()) return;
        dropPostings(messageIds);
        jdbc.sql("DELETE FROM search_docs WHERE message_id IN (:ids)").param("ids", messageIds).update();
    }

    /** The postings of these messages, found through their tokens (primary-key deletes, no scan). */
    private void dropPostings(Collection<String> messageIds) {
        jdbc.sql("""
                DELETE FROM search_postings p USING search_docs d, unnest(d.terms) u
                WHERE d.message_id IN (:ids) AND p.token = u.lexeme AND p.chat_id = d.chat_id AND p.doc_id = d.doc_id""")
                .param("ids", messageIds).update();
    }

    @Override
    public boolean indexesSendsInTheirTransaction() {
        return false;
    }

    @Override
    public java.util.Set<String> indexed(Collection<String> messageIds) {
        return SearchDocs.indexed(jdbc, messageIds);
    }

    @Override
    public List<String> find(Collection<String> chatIds, Collection<String> tokens, int limit) {
        if (chatIds.isEmpty() || tokens.isEmpty() || limit <= 0) return List.of();
        List<String> terms = rarestFirst(tokens.stream().distinct().toList());
        String lead = terms.getFirst();
        List<String> others = terms.subList(1, terms.size());
        StringBuilder also = new StringBuilder();
        for (int i = 0; i < others.size(); i++) {
            also.append(" AND EXISTS (SELECT 1 FROM search_postings q WHERE q.token = :t").append(i)
                    .append(" AND q.chat_id = p.chat_id AND q.doc_id = p.doc_id)");
        }
        // Newest window: per chat, the newest matches of the lead token (an index range read backwards), then
        // the newest across chats. Ranked like ts_rank with normalisation 1: (1 + ln tf) summed over the query's
        // tokens, divided by 1 + ln(length), so a short message that is about the words wins; ties newest first.
        var sql = jdbc.sql("""
                WITH newest AS MATERIALIZED (
                    SELECT w.chat_id, w.doc_id, w.tf, w.doc_len
                    FROM unnest(CAST(ARRAY[:chats] AS text[])) AS c(chat_id)
                    CROSS JOIN LATERAL (
                        SELECT p.chat_id, p.doc_id, p.tf, p.doc_len FROM search_postings p
                        WHERE p.token = :lead AND p.chat_id = c.chat_id %s
                        ORDER BY p.doc_id DESC LIMIT :window) w
                    ORDER BY w.doc_id DESC LIMIT :window),
                ranked AS MATERIALIZED (
                    SELECT n.doc_id, ((1 + ln(n.tf))%s) / (1 + ln(n.doc_len)) AS score
                    FROM newest n
                    ORDER BY score DESC, n.doc_id DESC LIMIT :limit)
                SELECT d.message_id FROM ranked r JOIN search_docs d ON d.doc_id = r.doc_id
                ORDER BY r.score DESC, r.doc_id DESC""".formatted(also, others.isEmpty() ? "" : """
                 + COALESCE((SELECT SUM(1 + ln(q.tf)) FROM search_postings q
                     WHERE q.token IN (:others) AND q.chat_id = n.chat_id AND q.doc_id = n.doc_id), 0)"""))
                .param("chats", List.copyOf(chatIds)).param("lead", lead).param("window", RANKING_WINDOW)
                .param("limit", limit);
        if (!others.isEmpty()) sql = sql.param("others", others);
        for (int i = 0; i < others.size(); i++) sql = sql.param("t" + i, others.get(i));
        return sql.query(String.class).list();
    }

    /**
     * The query's tokens, rarest first (each counted up to {@link #FREQUENCY_CAP} over the whole index, an
     * index-only read): the rarest leads, so a common word next to a rare one costs what the rare one does.
     */
    private List<String> rarestFirst(List<String> tokens) {
        if (tokens.size() == 1) return tokens;
        Map<String, Long> frequency = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT t.token, (SELECT COUNT(*) FROM (SELECT 1 FROM search_postings p WHERE p.token = t.token LIMIT :cap) x) AS n
                FROM unnest(CAST(ARRAY[:tokens] AS text[])) AS t(token)""")
                .param("tokens", tokens).param("cap", FREQUENCY_CAP)
                .query((rs, i) -> frequency.put(rs.getString(1), rs.getLong(2))).list();
        List<String> sorted = new ArrayList<>(tokens);
        sorted.sort(Comparator.comparingLong(t -> frequency.getOrDefault(t, 0L)));
        return sorted;
    }

    /** {@code 'ta':1,3 'tb':2}: every token with its positions (the message's token list, kept in search_docs). */
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
