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
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the index in step with messages. On SQLite a sent message is indexed inside its send's transaction
 * ({@link SendIndexing}); a bulk append (an import) always inside its own ({@link BulkIndexing}). Edited messages, and
 * on PostgreSQL sent ones, arrive through the durable lane as consumer {@value #CONSUMER}, after their transaction
 * committed (embedded: on the outbox relay thread, many per relay transaction). On SQLite sent messages arrive there
 * too, as a safety net only: a message the index does not hold yet (its send committed before this node indexed sends
 * in their transaction, with its event still in the outbox) is indexed then; for the others this costs one read of
 * which of the batch's messages the index holds. Indexing reads the message's current
 * text, so a redelivered or late event is harmless: a message deleted meanwhile is taken out instead. Removal stays
 * synchronous, inside the deleting transaction, so a removed message can never be found once the removal is visible.
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
        events.subscribeInBatches(CONSUMER, MessageAccepted.class, this::indexMissing);
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

    /**
     * Where sent messages are indexed in their send's transaction (SQLite), only one the index does not hold is indexed
     * here; elsewhere (PostgreSQL) all of them are.
     */
    private void indexMissing(List<MessageAccepted> batch) {
        if (!index.indexesSendsInTheirTransaction()) {
            index(batch, MessageAccepted::messageId, MessageAccepted::chatId);
            return;
        }
        Set<String> indexed = index.indexed(batch.stream().map(MessageAccepted::messageId).toList());
        List<MessageAccepted> missing = batch.stream().filter(m -> !indexed.contains(m.messageId())).toList();
        if (!missing.isEmpty()) index(missing, MessageAccepted::messageId, MessageAccepted::chatId);
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
