package app.cloak.messaging;

import app.cloak.shared.Caller;
import java.util.List;

/** What a connected device does and learns; the WebSocket gateway's view of messaging. */
public interface DeviceApi {
    /**
     * {@code mediaId}/{@code viewOnce} (a media message), {@code location}, {@code contact}, {@code forwardOf}: with the
     * same rules as over REST.
     */
    record SendMessage(String chatId, String clientMsgId, String type, String text, String replyTo, String mediaId, boolean viewOnce,
                       Message.Location location, Message.Contact contact, String forwardOf) {
        public SendMessage(String chatId, String clientMsgId, String type, String text, String replyTo) {
            this(chatId, clientMsgId, type, text, replyTo, null, false, null, null, null);
        }
    }

    record SendResult(Message message, boolean created) {}

    /** Durable when it returns: the message is committed (or was already, for a repeated clientMsgId). */
    SendResult send(Caller caller, SendMessage command);

    void markRead(Caller caller, String chatId, Long upToSeq);

    void markDelivered(Caller caller, String chatId, Long upToSeq);

    /** The newest change version: a cursor that means "nothing missed so far". */
    long head();

    /** Changes after {@code cursor} that concern {@code userId}, oldest first, rendered for that user. */
    FeedPage since(String userId, long cursor, int limit);

    /**
     * @param updates    in change order; changes the user may no longer see are left out
     * @param cursor     the version of the last change read (pass it to the next call)
     * @param more       whether more changes follow right away
     */
    record FeedPage(List<Update> updates, long cursor, boolean more) {}
}
