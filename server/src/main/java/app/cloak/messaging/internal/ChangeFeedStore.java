package app.cloak.messaging.internal;

import java.util.Collection;
import java.util.List;

/** Storage port for the change feed (see V3_10__change_feed.sql for why versions follow commit order). */
public interface ChangeFeedStore {
    /** {@code userId} null: for every member of {@code chatId}; otherwise for that user's devices only. */
    record Change(long version, String chatId, String userId, String kind, String ref) {}

    /** Bumps the clock by {@code changes.size()} and stores the changes; call last in the transaction. */
    List<Change> append(List<Change> changes, long at);

    long head();

    /** What a cursor may be: above {@code horizon} (pruned below) and at most {@code head}. */
    record Bounds(long horizon, long head) {}

    /** {@link #horizon()} and {@link #head()} in one read (every device's feed read checks its cursor against both). */
    Bounds bounds();

    /** Versions up to here were pruned; a cursor below it cannot be served. */
    long horizon();

    /** Published (in the pruning transaction) when the horizon moved up to {@code upTo}. */
    record Pruned(long upTo) {}

    /** Deletes changes made before {@code cutoff} (at most {@code limit}), moving the horizon ({@link Pruned}); returns how many. */
    int prune(long cutoff, int limit);

    /** Changes after {@code afterVersion} for the chats in {@code chatIds} or addressed to {@code userId}. */
    List<Change> since(String userId, Collection<String> chatIds, long afterVersion, int limit);

    /** Senders (other than {@code except}) of messages with seq in ({@code afterSeq}, {@code upToSeq}]. */
    List<String> sendersBetween(String chatId, long afterSeq, long upToSeq, String except);
}
