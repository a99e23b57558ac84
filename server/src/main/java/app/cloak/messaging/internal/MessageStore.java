package app.cloak.messaging.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Storage port for messages, their per-user marks and the per-member watermarks. A disappearing message
 * whose {@code expiresAt} has come (by the store's clock) is left out of {@link #byId}, {@link #byIds},
 * {@link #page} and {@link #countUnread} even before the expiry job deletes it; {@link #byClientMsgId}
 * still finds it, so a retried send stays idempotent.
 */
public interface MessageStore {
    record StoredMessage(String id, String chatId, long seq, String senderId, String clientMsgId, String type,
                         byte[] body, String replyTo, boolean forwarded, long createdAt, Long editedAt, Long deletedAt,
                         Long expiresAt) {}

    record Watermark(String userId, long deliveredSeq, long readSeq, long privateReadSeq) {
        public static Watermark none(String userId) { return new Watermark(userId, 0, 0, 0); }
    }

    /** Bumps and returns the chat's sequence; must run inside the storing transaction. */
    long nextSeq(String chatId);
    /** Bumps the chat's sequence by {@code n} and returns the new last seq: the batch owns ({@code last-n}, {@code last}]. */
    long reserveSeqs(String chatId, int n);
    long lastSeq(String chatId);
    Map<String, Long> lastSeqs(Collection<String> chatIds);

    void insert(StoredMessage message, String senderDeviceId);
    /** Inserts many messages (no sender device) in a few multi-row statements: an import's thousands at once. */
    void insertAll(List<StoredMessage> messages);
    Optional<StoredMessage> byId(String messageId);
    List<StoredMessage> byIds(Collection<String> messageIds);
    Optional<StoredMessage> byClientMsgId(String senderId, String clientMsgId);

    /** Ascending by seq; {@code afterSeq}/{@code beforeSeq} exclusive; hidden-for-user messages left out. */
    List<StoredMessage> page(String chatId, String userId, Long afterSeq, Long beforeSeq, int limit, boolean newestFirst);

    void updateBody(String messageId, byte[] body, long editedAt);
    void markDeleted(String messageId, long deletedAt);
    void hide(String userId, String messageId);
    Collection<String> hiddenAmong(String userId, Collection<String> messageIds);

    void react(String messageId, String userId, String emoji, long at);
    void unreact(String messageId, String userId);
    void clearReactions(String messageId);
    Map<String, List<String[]>> reactions(Collection<String> messageIds);

    /** A user's marks on some messages: everyone's reactions (oldest first), the user's stars and hidden-for-me marks. */
    record Marks(Map<String, List<String[]>> reactions, Collection<String> starred, Collection<String> hidden) {}

    /** {@link #reactions}, {@link #starredAmong} and {@link #hiddenAmong} in one statement (every feed read needs all three). */
    Marks marks(String userId, Collection<String> messageIds);

    void star(String userId, String messageId, long at);
    void unstar(String userId, String messageId);
    Collection<String> starredAmong(String userId, Collection<String> messageIds);
    List<String> starred(String userId, int limit);

    Watermark watermark(String chatId, String userId);
    List<Watermark> watermarks(String chatId);
    /** Moves the given watermarks forward only (max with the stored value). Returns the result. */
    Watermark advance(String chatId, String userId, long deliveredSeq, long readSeq, long privateReadSeq);

    /** Messages after {@code afterSeq} not sent by {@code userId} and not deleted. */
    default long countUnread(String chatId, String userId, long afterSeq) {
        return countUnread(chatId, userId, afterSeq, Long.MAX_VALUE);
    }

    /** Messages with seq in ({@code afterSeq}, {@code upToSeq}] not sent by {@code userId} and not deleted. */
    long countUnread(String chatId, String userId, long afterSeq, long upToSeq);

    /** A disappearing message whose time has come. */
    record Expired(String id, String chatId) {}

    /** Up to {@code limit} messages expiring at or before {@code now}, soonest first. */
    List<Expired> expiredBy(long now, int limit);

    /** Links an external (source) id to a message, unless the chat already has that external id; true if linked. */
    boolean linkExternal(String chatId, String externalId, String messageId);
    /** {@link #linkExternal} for many (external id → message id), in a few multi-row statements. */
    void linkExternalAll(String chatId, Map<String, String> externalToMessage);
    /** Message ids of the chat's external ids among {@code externalIds}, by external id. */
    Map<String, String> externalMessages(String chatId, Collection<String> externalIds);
    Optional<String> externalIdOf(String messageId);

    /** Every message id of the chat (deleted ones included), in seq order. */
    List<String> idsOf(String chatId);
    /** Sets the seqs of messages of the chat (ids not in the chat are left alone); the new seqs must be unused. */
    void setSeqs(String chatId, Map<String, Long> seqs);

    /** Deletes the messages for good, with their reactions, stars and hidden marks; returns how many were deleted. */
    int purge(Collection<String> messageIds);
}
