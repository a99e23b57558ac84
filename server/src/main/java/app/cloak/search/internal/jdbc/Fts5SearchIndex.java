package app.cloak.search.internal.jdbc;

import app.cloak.search.internal.SearchIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SQLite: a contentless FTS5 table of blind tokens keyed by {@code search_docs.doc_id}, ranked by bm25.
 * An edit keeps the doc id (and so the message's place in recency order).
 *
 * <p>Each row also carries a token for its chat, so FTS5 itself restricts matches to the caller's
 * chats while walking the index newest first, and bm25 is computed for the newest
 * {@link SearchIndex#RANKING_WINDOW} matches only.
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
            jdbc.sql("UPDATE search_docs SET chat_id = ? WHERE doc_id = ?").params(chatId, docId).update();
        } else {
            jdbc.sql("INSERT INTO search_docs (message_id, chat_id) VALUES (?, ?)").params(messageId, chatId).update();
            docId = docId(messageId).orElseThrow();
        }
        jdbc.sql("INSERT INTO search_terms (rowid, terms, chat) VALUES (?, ?, ?)")
                .params(docId, String.join(" ", tokens), chatToken(chatId)).update();
    }

    /** Rows per multi-row INSERT (SQLite allows 32,766 parameters). */
    private static final int ROWS = 500;

    @Override
    public void putAll(String chatId, java.util.Map<String, List<String>> tokensByMessage) {
        List<String> ids = List.copyOf(tokensByMessage.keySet());
        for (int i = 0; i < ids.size(); i += ROWS) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + ROWS));
            remove(chunk); // a redelivered event re-indexes rather than duplicating
            List<String> indexed = chunk.stream().filter(id -> !tokensByMessage.get(id).isEmpty()).toList();
            if (indexed.isEmpty()) continue;
            List<Object> docs = new ArrayList<>();
            for (String id : indexed) {
                docs.add(id);
                docs.add(chatId);
            }
            jdbc.sql("INSERT INTO search_docs (message_id, chat_id) VALUES " + String.join(", ", java.util.Collections.nCopies(indexed.size(), "(?, ?)")))
                    .params(docs).update();
            java.util.Map<String, Long> docIds = new java.util.HashMap<>();
            jdbc.sql("SELECT message_id, doc_id FROM search_docs WHERE message_id IN (:ids)").param("ids", indexed)
                    .query(rs -> { docIds.put(rs.getString(1), rs.getLong(2)); });
            List<Object> terms = new ArrayList<>();
            String chat = chatToken(chatId);
            for (String id : indexed) {
                terms.add(docIds.get(id));
                terms.add(String.join(" ", tokensByMessage.get(id)));
                terms.add(chat);
            }
            jdbc.sql("INSERT INTO search_terms (rowid, terms, chat) VALUES " + String.join(", ", java.util.Collections.nCopies(indexed.size(), "(?, ?, ?)")))
                    .params(terms).update();
        }
    }

    @Override
    public void remove(Collection<String> messageIds) {
        if (messageIds.isEmpty()) return;
        jdbc.sql("DELETE FROM search_terms WHERE rowid IN (SELECT doc_id FROM search_docs WHERE message_id IN (:ids))")
                .param("ids", messageIds).update();
        jdbc.sql("DELETE FROM search_docs WHERE message_id IN (:ids)").param("ids", messageIds).update();
    }

    @Override
    public List<String> find(Collection<String> chatIds, Collection<String> tokens, int limit) {
        if (chatIds.isEmpty() || tokens.isEmpty() || limit <= 0) return List.of();
        // Quoted strings: FTS5 reads each as one term; juxtaposed terms must all match.
        String words = tokens.stream().distinct().map(t -> "\"" + t + "\"").collect(Collectors.joining(" "));
        String inChats = chatIds.stream().distinct().map(c -> "\"" + chatToken(c) + "\"").collect(Collectors.joining(" OR "));
        String match = "{terms} : (" + words + ") AND {chat} : (" + inChats + ")";
        // bm25 weights: the chat column says nothing about relevance. The outer chat filter is a second
        // lock on the door: it only ever sees rows FTS5 already matched to these chats.
        return jdbc.sql("""
                SELECT d.message_id FROM (
                    SELECT rowid AS doc_id, bm25(search_terms, 1.0, 0.0) AS score FROM search_terms
                    WHERE search_terms MATCH :match ORDER BY rowid DESC LIMIT :window
                ) f JOIN search_docs d ON d.doc_id = f.doc_id
                WHERE d.chat_id IN (:chats)
                ORDER BY f.score, f.doc_id DESC
                LIMIT :limit""")
                .param("match", match).param("window", RANKING_WINDOW).param("chats", chatIds).param("limit", limit)
                .query(String.class).list();
    }

    /** Chat ids are not secret, only not FTS5 words ("c_…" has '_' and '-'): hex makes them one ASCII token. */
    static String chatToken(String chatId) {
        return "c" + HexFormat.of().formatHex(chatId.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Long> docId(String messageId) {
        return jdbc.sql("SELECT doc_id FROM search_docs WHERE message_id = ?").param(messageId).query(Long.class).optional();
    }
}
