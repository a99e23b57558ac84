package app.cloak.search.internal;

import java.util.Collection;
import java.util.List;

/**
 * The blind index: messages as bags of opaque tokens, found by all-tokens-match within a set of chats.
 * One adapter per database engine; writes join the caller's transaction.
 */
public interface SearchIndex {
    /**
     * Relevance is computed for the newest this-many matches in the caller's chats only. A word found in
     * half of all messages then costs about what a rare one does, at the price that an older, better match
     * of a very common word is outranked by newer ones. Words with fewer matches are ranked in full.
     */
    int RANKING_WINDOW = 200;

    /** Indexes (or re-indexes) a message; no tokens means the message leaves the index. */
    void put(String messageId, String chatId, List<String> tokens);

    void remove(Collection<String> messageIds);

    /**
     * Whether sent messages are indexed inside their send's transaction ({@code SendIndexing}) rather than after it by
     * the durable consumer. Yes where the database has one write lock (SQLite): a relay pass would take turns at it
     * with the send writer anyway, so indexing in the send's own commit is cheaper. No where writers run side by side
     * (PostgreSQL): the relay indexes beside the serial send writer instead of on it (BENCHMARKS.md, session 8).
     */
    boolean indexesSendsInTheirTransaction();

    /** Which of these messages the index holds (in the caller's transaction). */
    java.util.Set<String> indexed(Collection<String> messageIds);

    /**
     * Messages new to the index (a bulk append's, inside its transaction), in two steps so that the CPU part runs
     * off the writing thread: {@link #prepareNew} (pure work, any thread) turns one chat's message id → tokens into
     * what the engine writes, and {@link #addNew} writes it in as few statements as the engine allows. The messages
     * must not be in the index yet (nothing is removed first); messages without tokens are left out.
     */
    Object prepareNew(String chatId, java.util.Map<String, List<String>> tokensByMessage);

    /** Writes what {@link #prepareNew} of this index returned, in the caller's transaction. */
    void addNew(Object prepared);

    /** {@link #addNew} of several {@link #prepareNew} results (of any chats), in as few statements as the engine allows. */
    default void addAllNew(List<?> prepared) {
        prepared.forEach(this::addNew);
    }

    /**
     * Message ids in {@code chatIds} holding every one of {@code tokens}, best match first, at most {@code limit};
     * ranked among the newest {@link #RANKING_WINDOW} matches (newest: the order messages were first indexed). Best:
     * the highest sum over the distinct tokens of {@code 1 + ln(count in the message)}, divided by
     * {@code 1 + ln(the message's number of tokens)}, then newest first; the same on every engine. Runs in the
     * caller's (read-only) transaction.
     */
    List<String> find(Collection<String> chatIds, Collection<String> tokens, int limit);
}
