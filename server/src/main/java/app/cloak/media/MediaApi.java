package app.cloak.media;

import java.util.Optional;

/** What messaging needs from media: attach an upload to a message and describe it for a viewer. */
public interface MediaApi {
    /**
     * Records that {@code messageId} in {@code chatId} carries the upload. Only its uploader may attach it, and the
     * kind must fit the message type (image/sticker: image; video; audio/voice: audio; document: any). A view-once
     * upload goes into exactly one message. Throws an {@code ApiProblem} (400) otherwise.
     */
    void attach(String userId, String messageType, String mediaId, String chatId, String messageId, boolean viewOnce);

    /** A forward: the upload of a message the caller can see also goes to {@code chatId}. View-once cannot be forwarded. */
    void forward(String mediaId, String chatId, String messageId);

    /**
     * The messages were deleted for everyone or expired: their uploads no longer go with them, and an upload no
     * message carries any more is deleted (its blobs once the caller's transaction commits). Call it inside the
     * deleting transaction.
     */
    void released(java.util.List<String> messageIds);

    /**
     * Stores bytes that reach the server from elsewhere (an imported export's media, a bridged message's media) as
     * an upload of {@code ownerId}: sniffed, size-limited and encrypted exactly like {@code POST /api/v1/media};
     * the same 415/413 ApiProblems. Returns the media id, to be attached to a message like any upload.
     */
    String ingest(String ownerId, java.io.InputStream content) throws java.io.IOException;

    /**
     * Deletes an upload of {@code ownerId} that no message carries (e.g. media ingested for an import that was then
     * refused): row and blob. Does nothing for an unknown id, another user's upload or one already attached.
     */
    void discard(String ownerId, String mediaId);

    /** The upload with a fresh signed URL for {@code viewerId}, if it still exists. */
    Optional<MediaRef> forViewer(String mediaId, String viewerId);
}
