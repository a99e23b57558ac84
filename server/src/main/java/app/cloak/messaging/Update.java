package app.cloak.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One change as a device sees it, in the shape of the WebSocket event of the same name (API.md).
 * Rendered for one user: their view of the message, their view of the chat.
 */
public sealed interface Update {
    /** The WebSocket event type. */
    String frameType();

    record MessageNew(Message message) implements Update {
        public String frameType() { return "message.new"; }
    }

    record MessageUpdated(Message message) implements Update {
        public String frameType() { return "message.updated"; }
    }

    /**
     * Deleted for everyone, or (then {@code forMe}, only to the user's own devices) deleted for this user alone: the
     * device drops the message, as the one that deleted it did. {@code forMe} is left out when false.
     */
    record MessageDeleted(Message message, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean forMe) implements Update {
        public String frameType() { return "message.deleted"; }
    }

    /**
     * A member's watermarks in a chat: the public ones, which other members see; {@code privateReadSeq}
     * only for the member's own devices (null, and left out, for everyone else).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Status(String chatId, String userId, long deliveredSeq, long readSeq, Long privateReadSeq) implements Update {
        public String frameType() { return "message.status"; }
    }

    /** The chat as the user sees it now (the API's {@code Chat}), or {@code {chatId, removed: true}} once they left. */
    record ChatUpdated(Object chat) implements Update {
        public String frameType() { return "chat.updated"; }
    }
}
