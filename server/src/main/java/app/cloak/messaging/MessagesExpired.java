package app.cloak.messaging;

import java.util.List;

/**
 * Disappearing messages of one chat reached their expiry and were deleted for good: rows, reactions,
 * stars and hidden marks are gone, and every index must drop them. Published inside the deleting
 * transaction, once per chat per batch, so a synchronous listener commits (or rolls back) with it.
 */
public record MessagesExpired(String chatId, List<String> messageIds) {
    public MessagesExpired {
        messageIds = List.copyOf(messageIds);
    }
}
