package app.cloak.search.internal;

import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessageEdited;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.MessagesExpired;
import app.cloak.messaging.MessagingApi;
import app.cloak.platform.eventbus.DomainEventBus;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the index in step with messages. New and edited messages arrive through the durable lane as
 * consumer {@value #CONSUMER}, after the message committed (embedded: on the outbox relay thread, many
 * messages per relay transaction, milliseconds after the send is acknowledged). Indexing reads the message's current text, so a redelivered or late event is
 * harmless: a message deleted meanwhile is taken out instead. Removal stays synchronous, inside the
 * deleting transaction, so a removed message can never be found once the removal is visible. Bulk appends (an
 * import) are indexed inside their own transaction by {@link BulkIndexing}.
 */
@Component
class MessageIndexer {
    static final String CONSUMER = "search";

    private final SearchIndex index;
    private final BlindTokens tokens;
    private final MessagingApi messaging;

    MessageIndexer(SearchIndex index, BlindTokens tokens, MessagingApi messaging, DomainEventBus events) {
        this.index = index;
        this.tokens = tokens;
        this.messaging = messaging;
        events.subscribe(CONSUMER, MessageAccepted.class, e -> index(e.messageId(), e.chatId()));
        events.subscribe(CONSUMER, MessageEdited.class, e -> index(e.messageId(), e.chatId()));
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
