package app.cloak.search.internal;

import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessageEdited;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.MessagesAppended;
import app.cloak.messaging.MessagesExpired;
import app.cloak.messaging.MessagingApi;
import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.shared.Chunks;
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

    /** Messages read, analysed and written together. */
    private static final int CHUNK = 500;

    /**
     * A batch from outside (an import): read on this thread, analysed (stemming, keyed hashes) on every core chunk
     * by chunk, each chunk written here as soon as it is ready, in multi-row statements.
     */
    private void indexAll(List<String> messageIds, String chatId) {
        java.util.Map<String, String> texts = new java.util.HashMap<>();
        for (int i = 0; i < messageIds.size(); i += CHUNK) {
            texts.putAll(messaging.textsForIndexing(messageIds.subList(i, Math.min(messageIds.size(), i + CHUNK))));
        }
        // Chats repeat their words: each distinct word is stemmed and hashed once per batch (the same tokens as
        // BlindTokens.of, which stems every occurrence).
        java.util.Map<String, String> blind = new java.util.concurrent.ConcurrentHashMap<>();
        TextAnalysis analysis = this.tokens.analysis();
        Chunks.pipeline(messageIds, CHUNK, chunk -> {
            var stemmer = analysis.stemmer();
            java.util.function.Function<String, String> token = word -> this.tokens.token(stemmer.apply(word));
            java.util.Map<String, List<String>> tokens = new java.util.LinkedHashMap<>();
            for (String id : chunk) {
                String text = texts.get(id);
                List<String> words = text == null ? List.of() : analysis.words(text);
                List<String> t = new java.util.ArrayList<>(words.size());
                for (String word : words) t.add(blind.computeIfAbsent(word, token));
                tokens.put(id, t);
            }
            return tokens;
        }, tokens -> index.putAll(chatId, tokens));
    }

    private void index(String messageId, String chatId) {
        messaging.textForIndexing(messageId).ifPresentOrElse(
                text -> index.put(messageId, chatId, tokens.of(text)),
                () -> index.remove(List.of(messageId)));
    }
}
