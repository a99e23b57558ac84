package app.cloak.search.internal.jdbc;

import app.cloak.search.internal.SearchIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SQLite: a contentless FTS5 table of blind tokens keyed by {@code search_docs.doc_id}. An edit keeps the doc id
 * (and so the message's place in recency order).
 *
 * <p>Each row also carries a token for its chat, so FTS5 itself restricts matches to the caller's chats while
 * walking the index newest first ({@code ORDER BY rowid DESC}: FTS5 reads its posting lists backwards and stops
 * after {@link SearchIndex#RANKING_WINDOW} matches). Those are ranked here, like PostgreSQL's adapter ranks them,
 * from what {@code search_docs} keeps per message: its number of tokens and the tokens it holds more than once.
 * FTS5's {@code bm25()} is not used: it counts every row of every phrase in the query once per search (its
 * inverse document frequency), chat phrases included, so a search in a chat of 1.5 M messages read all of their
 * postings (ADR 0005).
 */
final class Fts5SearchIndex implements SearchIndex {
    private final JdbcClient jdbc;

    Fts5SearchIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(String messageId, String chatId, List<String> tokens) {
        if (tokens.isEmpty()) {
            remove(List.of(messageId));
            return;
        }
        Optional<Long> existing = docId(messageId);
        long docId;
        if (existing.isPresent()) {
            docId = existing.get();
            jdbc.sql("DELETE FROM search_terms WHERE rowid = ?").param(docId).update();
            jdbc.sql("UPDATE search_docs SET chat_id = ?, doc_len = ?, repeats = ? WHERE doc_id = ?")
                    .params(chatId, tokens.size(), repeats(tokens), docId).update();
        } else {
            docId = jdbc.sql("INSERT INTO search_docs (message_id, chat_id, doc_len, repeats) VALUES (?, ?, ?, ?) RETURNING doc_id")
                    .params(messageId, chatId, tokens.size(), repeats(tokens)).query(Long.class).single();
        }
        jdbc.sql("INSERT INTO search_terms (rowid, terms, chat) VALUES (?, ?, ?)")
                .params(docId, String.join(" ", tokens), chatToken(chatId)).update();
    }

    /** Rows per multi-row INSERT (SQLite allows 32,766 parameters; search_docs takes 4 a row). */
    private static final int ROWS = 500;

    /** What a new message's rows hold, worked out off the writing thread. */
    private record NewDoc(String messageId, int length, String repeats, String terms) {}

    private record NewDocs(String chatId, List<NewDoc> docs) {}

    @Override
    public Object prepareNew(String chatId, java.util.Map<String, List<String>> tokensByMessage) {
        List<NewDoc> docs = new ArrayList<>(tokensByMessage.size());
        tokensByMessage.forEach((id, tokens) -> {
            if (!tokens.isEmpty()) docs.add(new NewDoc(id, tokens.size(), repeats(tokens), String.join(" ", tokens)));
        });
        return new NewDocs(chatId, docs);
    }

    /**
     * {@value #ROWS} messages per statement pair: their {@code search_docs} rows (the doc ids come back from the
     * INSERT), then their FTS5 rows.
     */
    @Override
    public void addNew(Object prepared) {
        addAllNew(List.of(prepared));
    }

    /** All their messages, whatever their chats, {@value #ROWS} per statement pair. */
    @Override
    public void addAllNew(List<?> prepared) {
        List<NewDoc> all = new ArrayList<>();
        List<String> chats = new ArrayList<>();
        for (Object p : prepared) {
            NewDocs docs = (NewDocs) p;
            all.addAll(docs.docs());
            chats.addAll(java.util.Collections.nCopies(docs.docs().size(), docs.chatId()));
        }
        Map<String, String> chatTokens = new java.util.HashMap<>();
        for (int i = 0; i < all.size(); i += ROWS) {
            int to = Math.min(all.size(), i + ROWS);
            List<NewDoc> chunk = all.subList(i, to);
            List<String> chunkChats = chats.subList(i, to);
            List<Object> docs = new ArrayList<>(chunk.size() * 4);
            for (int j = 0; j < chunk.size(); j++) {
                NewDoc d = chunk.get(j);
                docs.add(d.messageId());
                docs.add(chunkChats.get(j));
                docs.add(d.length());
                docs.add(d.repeats() == null ? NO_REPEATS : d.repeats());
            }
            Map<String, Long> docIds = new java.util.HashMap<>();
            jdbc.sql("INSERT INTO search_docs (message_id, chat_id, doc_len, repeats) VALUES "
                            + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?)")) + " RETURNING message_id, doc_id")
                    .params(docs).query(rs -> { docIds.put(rs.getString(1), rs.getLong(2)); });
            List<Object> terms = new ArrayList<>(chunk.size() * 3);
            for (int j = 0; j < chunk.size(); j++) {
                NewDoc d = chunk.get(j);
                terms.add(docIds.get(d.messageId()));
                terms.add(d.terms());
                terms.add(chatTokens.computeIfAbsent(chunkChats.get(j), Fts5SearchIndex::chatToken));
            }
            jdbc.sql("INSERT INTO search_terms (rowid, terms, chat) VALUES " + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?)")))
                    .params(terms).update();
        }
    }

    /** A typed NULL: Spring need not ask the driver for the parameter's type. */
    private static final org.springframework.jdbc.core.SqlParameterValue NO_REPEATS =
            new org.springframework.jdbc.core.SqlParameterValue(java.sql.Types.VARCHAR, null);

    @Override
    public void remove(Collection<String> messageIds) {
        if (messageIds.isEmpty()) return;
        jdbc.sql("DELETE FROM search_terms WHERE rowid IN (SELECT doc_id FROM search_docs WHERE message_id IN (:ids))")
                .param("ids", messageIds).update();
        jdbc.sql("DELETE FROM search_docs WHERE message_id IN (:ids)").param("ids", messageIds).update();
    }

    @Override
    public boolean indexesSendsInTheirTransaction() {
        return true;
    }

    @Override
    public java.util.Set<String> indexed(Collection<String> messageIds) {
        return SearchDocs.indexed(jdbc, messageIds);
    }

    @Override
    public List<String> find(Collection<String> chatIds, Collection<String> tokens, int limit) {
        if (chatIds.isEmpty() || tokens.isEmpty() || limit <= 0) return List.of();
        List<String> terms = tokens.stream().distinct().toList();
        // Quoted strings: FTS5 reads each as one term; juxtaposed terms must all match.
        String words = terms.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(" "));
        String inChats = chatIds.stream().distinct().map(c -> "\"" + chatToken(c) + "\"").collect(Collectors.joining(" OR "));
        String match = "{terms} : (" + words + ") AND {chat} : (" + inChats + ")";
        // The newest window of matches, straight from FTS5's rowid order. The outer chat filter is a second lock on
        // the door: it only ever sees rows FTS5 already matched to these chats. CROSS JOIN keeps the window as the
        // outer loop: with a plain JOIN SQLite chose to read search_docs_by_chat for the chat filter instead, every
        // message of the caller's chats (1.5 M in an archive: 400-530 ms), and to probe the window for each.
        List<Scored> window = jdbc.sql("""
                SELECT d.doc_id, d.message_id, d.doc_len, d.repeats FROM (
                    SELECT rowid AS doc_id FROM search_terms
                    WHERE search_terms MATCH :match ORDER BY rowid DESC LIMIT :window
                ) f CROSS JOIN search_docs d ON d.doc_id = f.doc_id
                WHERE d.chat_id IN (:chats)""")
                .param("match", match).param("window", RANKING_WINDOW).param("chats", chatIds)
                .query((rs, i) -> new Scored(rs.getLong(1), rs.getString(2), score(terms, rs.getInt(3), rs.getString(4))))
                .list();
        return window.stream().sorted(BEST_FIRST).limit(limit).map(Scored::messageId).toList();
    }

    private record Scored(long docId, String messageId, double score) {}

    private static final Comparator<Scored> BEST_FIRST =
            Comparator.comparingDouble(Scored::score).reversed().thenComparing(Comparator.comparingLong(Scored::docId).reversed());

    /**
     * As PostgreSQL's adapter ranks (like {@code ts_rank} with normalisation 1): {@code 1 + ln(tf)} summed over the
     * query's tokens, divided by {@code 1 + ln(length)}, so a short message that is about the words wins. Every token
     * of the query is in a match, at least once; {@code repeats} says which are there more often.
     */
    static double score(List<String> terms, int length, String repeats) {
        double sum = 0;
        for (String term : terms) sum += 1 + Math.log(count(repeats, term));
        return sum / (1 + Math.log(Math.max(1, length)));
    }

    /** How often {@code token} is in a message, from its {@code repeats} ("token:count …"): 1 if not listed. */
    static int count(String repeats, String token) {
        if (repeats == null) return 1;
        int from = 0;
        while (true) {
            int at = repeats.indexOf(token, from);
            if (at < 0) return 1;
            int end = at + token.length();
            if ((at == 0 || repeats.charAt(at - 1) == ' ') && end < repeats.length() && repeats.charAt(end) == ':') {
                int stop = repeats.indexOf(' ', end);
                return Integer.parseInt(repeats, end + 1, stop < 0 ? repeats.length() : stop, 10);
            }
            from = end;
        }
    }

    /** The tokens a message holds more than once, as {@code "token:count"} separated by spaces; null if none. */
    static String repeats(List<String> tokens) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String token : tokens) counts.merge(token, 1, Integer::sum);
        String listed = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
        return listed.isEmpty() ? null : listed;
    }

    /** Chat ids are not secret, only not FTS5 words ("c_…" has '_' and '-'): hex makes them one ASCII token. */
    static String chatToken(String chatId) {
        return "c" + HexFormat.of().formatHex(chatId.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Long> docId(String messageId) {
        return jdbc.sql("SELECT doc_id FROM search_docs WHERE message_id = ?").param(messageId).query(Long.class).optional();
    }
}
