package app.cloak.search.internal;

import java.util.Collection;
import java.util.List;

/**
 * The blind index: messages as bags of opaque tokens, found by all-tokens-match within a set of chats.
 * One adapter per database engine; writes join the caller's transaction.
 */
public interface SearchIndex {
    /** Indexes (or re-indexes) a message; no tokens means the message leaves the index. */
    void put(String messageId, String chatId, List<String> tokens);

    void remove(Collection<String> messageIds);

    /**
     * Message ids in {@code chatIds} holding every one of {@code tokens}, best match first (the
     * engine's relevance score, then newest first), at most {@code limit}.
     */
    List<String> find(Collection<String> chatIds, Collection<String> tokens, int limit);
}
