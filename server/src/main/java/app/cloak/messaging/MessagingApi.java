package app.cloak.messaging;

import java.util.List;
import java.util.Optional;

/** What other modules may ask of messaging. */
public interface MessagingApi {
    /** The plain text of a live (not deleted-for-everyone) message, for indexing. */
    Optional<String> textForIndexing(String messageId);

    /**
     * The messages {@code userId} may see among {@code messageIds}, in the given order; messages in
     * chats the user is not in, deleted for everyone or deleted for this user are left out.
     */
    List<Message> visibleTo(String userId, List<String> messageIds);
}
