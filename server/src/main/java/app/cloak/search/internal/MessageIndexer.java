package app.cloak.search.internal;

import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessageEdited;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.MessagesAppended;
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
 * deleting transaction, so a removed message can never be found once the removal is visible.
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
        events.subscribe(CONSUMER, MessagesAppended.class, e -> indexAll(e.messageIds(), e.chatId()));
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

    /** A batch from outside (an import): read, analyse and write in chunks, not one message at a time. */
    private void indexAll(List<String> messageIds, String chatId) {
        for (int i = 0; i < messageIds.size(); i += 500) {
            List<String> chunk = messageIds.subList(i, Math.min(messageIds.size(), i + 500));
            var texts = messaging.textsForIndexing(chunk);
            java.util.Map<String, List<String>> tokens = new java.util.LinkedHashMap<>();
            java.util.Map<String, String> blind = new java.util.HashMap<>(); // chats repeat their words: hash each once
            for (String id : chunk) {
                String text = texts.get(id);
                List<String> stems = text == null ? List.of() : this.tokens.analysis().stems(text);
                List<String> t = new java.util.ArrayList<>(stems.size());
                for (String stem : stems) t.add(blind.computeIfAbsent(stem, this.tokens::token));
                tokens.put(id, t);
            }
            index.putAll(chatId, tokens);
        }
    }

    private void index(String messageId, String chatId) {
        messaging.textForIndexing(messageId).ifPresentOrElse(
                text -> index.put(messageId, chatId, tokens.of(text)),
                () -> index.remove(List.of(messageId)));
    }
}
