package app.cloak.search.internal;

import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessageEdited;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.MessagesExpired;
import app.cloak.messaging.MessagingApi;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the index in step with messages. Runs synchronously inside the messaging transaction, so a
 * message and its index entry commit (or roll back) together, and a removed message can never be
 * found once the removal is visible.
 */
@Component
class MessageIndexer {
    private final SearchIndex index;
    private final BlindTokens tokens;
    private final MessagingApi messaging;

    MessageIndexer(SearchIndex index, BlindTokens tokens, MessagingApi messaging) {
        this.index = index;
        this.tokens = tokens;
        this.messaging = messaging;
    }

    @EventListener
    void on(MessageAccepted event) {
        index(event.messageId(), event.chatId());
    }

    @EventListener
    void on(MessageEdited event) {
        index(event.messageId(), event.chatId());
    }

    @EventListener
    void on(MessageRemoved event) {
        index.remove(List.of(event.messageId()));
    }

    /** Disappearing messages deleted by messaging's expiry job: gone from the index in the same commit. */
    @EventListener
    void on(MessagesExpired event) {
        index.remove(event.messageIds());
    }

    private void index(String messageId, String chatId) {
        messaging.textForIndexing(messageId).ifPresentOrElse(
                text -> index.put(messageId, chatId, tokens.of(text)),
                () -> index.remove(List.of(messageId)));
    }
}
