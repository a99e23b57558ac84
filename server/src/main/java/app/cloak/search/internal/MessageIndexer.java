package app.cloak.search.internal;

import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessageEdited;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.MessagesExpired;
import app.cloak.messaging.MessagingApi;
import app.cloak.platform.eventbus.DomainEventBus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
        // in batches: one read of the texts and one savepoint for all the messages of a relay pass
        events.subscribeInBatches(CONSUMER, MessageAccepted.class, batch -> index(batch, MessageAccepted::messageId, MessageAccepted::chatId));
        events.subscribeInBatches(CONSUMER, MessageEdited.class, batch -> index(batch, MessageEdited::messageId, MessageEdited::chatId));
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

    /** Each message of the batch is indexed with its current text (one read for all), or taken out if it has none any more. */
    private <E> void index(List<E> batch, Function<E, String> messageId, Function<E, String> chatId) {
        Map<String, String> chatByMessage = new LinkedHashMap<>();
        for (E event : batch) chatByMessage.putIfAbsent(messageId.apply(event), chatId.apply(event));
        Map<String, String> texts = messaging.textsForIndexing(chatByMessage.keySet());
        List<String> gone = new ArrayList<>();
        chatByMessage.forEach((id, chat) -> {
            String text = texts.get(id);
            if (text == null) gone.add(id);
            else index.put(id, chat, tokens.of(text));
        });
        index.remove(gone);
    }
}
