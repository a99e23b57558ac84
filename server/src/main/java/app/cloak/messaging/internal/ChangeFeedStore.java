package app.cloak.messaging.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

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
    default List<Change> since(String userId, Collection<String> chatIds, long afterVersion, int limit) {
        return since(userId, chatIds, Map.of(), afterVersion, limit);
    }

    /**
     * As {@link #since(String, Collection, long, int)}, and also, for each chat of {@code leftChats}, the changes to its
     * messages (kinds {@code message.*}) made before the version it maps to: what a user who left (or was removed
     * from) that chat missed while still a member.
     */
    List<Change> since(String userId, Collection<String> chatIds, Map<String, Long> leftChats, long afterVersion, int limit);

    /** For each chat with changes addressed to {@code userId} of this {@code kind} after {@code afterVersion}: the newest one's version. */
    Map<String, Long> newestForUser(String userId, String kind, long afterVersion);

    /** Senders (other than {@code except}) of messages with seq in ({@code afterSeq}, {@code upToSeq}]. */
    List<String> sendersBetween(String chatId, long afterSeq, long upToSeq, String except);
}
