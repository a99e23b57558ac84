package app.cloak.search.internal;

import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessageEdited;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.MessagesExpired;
import app.cloak.messaging.MessagingApi;
import app.cloak.platform.eventbus.DomainEventBus;
import static java.util.stream.Collectors.toMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        events.subscribeInBatches(CONSUMER, MessageAccepted.class,
                batch -> index(batch.stream().collect(toMap(MessageAccepted::messageId, MessageAccepted::chatId, (a, b) -> a, LinkedHashMap::new))));
        events.subscribeInBatches(CONSUMER, MessageEdited.class,
                batch -> index(batch.stream().collect(toMap(MessageEdited::messageId, MessageEdited::chatId, (a, b) -> a, LinkedHashMap::new))));
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

    /**
     * Message id → chat id: each message is indexed with its current text, or taken out if it has none any more. All the
     * texts are analysed before the first write: on SQLite the relay's transaction takes the one write lock (which the
     * send writer waits for) only at its first write, so the analysis stays outside it.
     */
    private void index(Map<String, String> chatByMessage) {
        Map<String, String> texts = messaging.textsForIndexing(chatByMessage.keySet());
        Map<String, List<String>> analysed = new LinkedHashMap<>();
        List<String> gone = new ArrayList<>();
        chatByMessage.forEach((messageId, chatId) -> {
            String text = texts.get(messageId);
            if (text == null) gone.add(messageId);
            else analysed.put(messageId, tokens.of(text));
        });
        analysed.forEach((messageId, messageTokens) -> index.put(messageId, chatByMessage.get(messageId), messageTokens));
        index.remove(gone);
    }
}
