package app.cloak.messaging;

import java.util.List;
import java.util.Optional;

/** What other modules may ask of messaging. */
public interface MessagingApi {
    /** Message id → plain text of those of {@code messageIds} that are live (not deleted for everyone, not expired), for indexing. */
    java.util.Map<String, String> textsForIndexing(java.util.Collection<String> messageIds);

    /**
     * The messages {@code userId} may see among {@code messageIds}, in the given order; messages in
     * chats the user is not in, deleted for everyone or deleted for this user are left out.
     */
    List<Message> visibleTo(String userId, List<String> messageIds);

    /**
     * As {@link #visibleTo}, for a caller that already holds {@code chatIds}, chats {@code userId} is a member of
     * (from {@code ChatsApi}): messages outside them are left out, and membership is not looked up again.
     */
    List<Message> visibleIn(String userId, java.util.Collection<String> chatIds, List<String> messageIds);

    /** How many live messages of the chat with seq in [{@code fromSeq}, {@code toSeq}] someone other than {@code userId} sent. */
    long countFromOthers(String chatId, String userId, long fromSeq, long toSeq);

    // ---- Messages from outside Cloak: imported exports (archives) and bridged conversations ----

    /**
     * A message that came from outside Cloak. {@code externalId} is the source's id for it, unique within the
     * chat (a WhatsApp wamid, an import's dedupe key): appending it again stores nothing. {@code senderKey} is
     * stable per external sender; the message's {@code senderId} becomes {@code "x:" + senderKey} and
     * {@code senderName} is shown beside it. {@code type} is one of text, image, video, audio, voice, document,
     * sticker, location, contact, system, unsupported; media types may carry a {@code mediaId} from
     * {@link app.cloak.media.MediaApi#ingest}. {@code createdAt} is the source's time (epoch ms).
     */
    record ExternalMessage(String externalId, String senderKey, String senderName, String type, String text, long createdAt,
                           Message.Location location, Message.Contact contact, String mediaId, String replyToExternalId) {
        public static ExternalMessage text(String externalId, String senderKey, String senderName, String text, long createdAt) {
            return new ExternalMessage(externalId, senderKey, senderName, "text", text, createdAt, null, null, null, null);
        }
    }

    /** What {@link #appendExternal} did: message ids in batch order (for a duplicate, the message stored earlier). */
    record Appended(int inserted, int duplicates, List<String> messageIds) {}

    /** The prefix of every external sender's id. */
    String EXTERNAL_SENDER_PREFIX = "x:";

    /**
     * Stores the batch in one transaction (joining the caller's): new messages take the chat's next seqs in batch
     * order, reach members' devices like any message and are indexed for search in the same transaction (through
     * {@link BulkAppendListener}s).
     * Media of new messages is attached as uploaded by {@code mediaOwnerId}. Bad content throws an ApiProblem
     * (400) and stores nothing.
     */
    Appended appendExternal(String chatId, String mediaOwnerId, List<ExternalMessage> batch);

    /**
     * {@link #appendExternal} for history rather than news (an imported export): the chat's devices learn of the
     * batch as one change of the chat ({@code chat.updated}), not a {@code message.new} per message, and read the
     * history when they open it. A 45,000-message import is one feed row, not 45,000 to store and send.
     */
    Appended appendHistory(String chatId, String mediaOwnerId, List<ExternalMessage> batch);

    /** Replaces an external message's text (an edit at the source); false if the id is unknown in the chat. */
    boolean editExternal(String chatId, String externalId, String text);

    /** Deletes an external message for everyone (a revoke at the source); false if the id is unknown in the chat. */
    boolean deleteExternal(String chatId, String externalId);

    /** Sets ({@code emoji} non-blank) or removes an external sender's reaction; false if the id is unknown in the chat. */
    boolean reactExternal(String chatId, String externalId, String senderKey, String emoji);

    /** The source's id of a message that came from outside (or was sent out and recorded with {@link #recordExternalId}). */
    Optional<String> externalIdOf(String messageId);

    Optional<String> messageIdOf(String chatId, String externalId);

    /**
     * Deletes every message of a chat fed from outside for good (rows, external ids, reactions, search entries), in
     * the caller's transaction; for replacing an imported archive's content. Returns how many were deleted.
     */
    int purgeExternal(String chatId);

    /**
     * Gives the listed messages of the chat new seqs, in the given order, above the chat's current last seq (so the
     * new order is strictly increasing and no seq is reused); devices see them as updated. For an imported archive
     * whose merged history must stay in time order after a merge added earlier messages. Ids not in the chat are
     * ignored.
     */
    void resequenceExternal(String chatId, List<String> messageIdsInOrder);

    /**
     * Links a message sent from Cloak to the id the source gave it (e.g. the wamid of a reply sent through the
     * bridge), so the source's later statuses and reactions find it. False if that external id is already taken.
     */
    boolean recordExternalId(String chatId, String messageId, String externalId);
}
