package app.cloak.search.internal.jdbc;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What both adapters' {@code search_docs} tables answer alike (one row per indexed message, keyed by message id). */
final class SearchDocs {
    private SearchDocs() {}

    /** Which of these messages have a row, in the caller's transaction ({@code SearchIndex#indexed}). */
    static Set<String> indexed(JdbcClient jdbc, Collection<String> messageIds) {
        if (messageIds.isEmpty()) return Set.of();
        return new HashSet<>(jdbc.sql("SELECT message_id FROM search_docs WHERE message_id IN (:ids)")
                .param("ids", messageIds).query(String.class).list());
    }
}
