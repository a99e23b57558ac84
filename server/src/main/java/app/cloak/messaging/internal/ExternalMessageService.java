package app.cloak.messaging.internal;

import app.cloak.media.MediaApi;
import app.cloak.messaging.MessageEdited;
import app.cloak.messaging.MessageRemoved;
import app.cloak.messaging.BulkAppendListener;
import app.cloak.messaging.MessagingApi;
import app.cloak.messaging.MessagingApi.Appended;
import app.cloak.messaging.MessagingApi.ExternalMessage;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Chunks;
import app.cloak.shared.Fields;
import app.cloak.shared.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages that came from outside Cloak: an imported WhatsApp export or a bridged WhatsApp conversation. The
 * modules that own those sources decide who may see the chat and what it is; this class only stores, dedupes by
 * the source's id and keeps the usual consequences (feed, search, receipts) in step.
 */
@Component
class ExternalMessageService {
    static final Set<String> TYPES = Set.of("text", "image", "video", "audio", "voice", "document", "sticker", "location",
            "contact", "system", "unsupported");
    /** Bounds of the source's ids and names: generous for wamids and import keys, small enough to index. */
    private static final int MAX_ID = 256;
    private static final int MAX_NAME = 256;
    /** Messages sealed and written together (the stores' multi-row statements take 500 rows). */
    private static final int CHUNK = 500;

    private final MessageStore store;
    private final MessageViews views;
    private final MessagingSettings settings;
    private final ApplicationEventPublisher events;
    private final ChangeRecorder changes;
    private final MediaApi media;
    private final Clock clock;
    private final ObjectProvider<BulkAppendListener> listeners;

    ExternalMessageService(MessageStore store, MessageViews views, MessagingSettings settings, ApplicationEventPublisher events,
                           ChangeRecorder changes, MediaApi media, Clock clock, ObjectProvider<BulkAppendListener> listeners) {
        this.store = store;
        this.views = views;
        this.settings = settings;
        this.events = events;
        this.changes = changes;
        this.media = media;
        this.clock = clock;
        this.listeners = listeners;
    }

    /** @param history devices learn of the batch as one chat change instead of a {@code message.new} per message */
    @Transactional
    public Appended append(String chatId, String mediaOwnerId, List<ExternalMessage> batch, boolean history) {
        Fields.required(chatId, "chatId");
        batch.forEach(this::check);
        Map<String, String> known = new HashMap<>(store.externalMessages(chatId,
                batch.stream().map(ExternalMessage::externalId).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))));
        List<ExternalMessage> fresh = new ArrayList<>();
        Map<String, String> ids = new HashMap<>(known);
        Ids.Batch newIds = Ids.batch("m"); // side by side in the indexes: an import writes tens of thousands
        for (var m : batch) {
            if (ids.containsKey(m.externalId())) continue;
            ids.put(m.externalId(), newIds.next());
            fresh.add(m);
        }
        List<String> messageIds = batch.stream().map(m -> ids.get(m.externalId())).toList();
        if (fresh.isEmpty()) return new Appended(0, batch.size(), messageIds);

        long[] seq = {store.reserveSeqs(chatId, fresh.size()) - fresh.size()};
        List<Listening<?>> listening = listeners.orderedStream().<Listening<?>>map(l -> new Listening<>(l.begin(chatId))).toList();
        // Sealing (JSON + AES-GCM) and the listeners' preparation (search: text analysis) are the CPU-heavy part: they
        // run on every core, chunk by chunk, while this thread writes the chunks already done (multi-row statements:
        // an import appends tens of thousands at once), the listeners' part right after each chunk's messages.
        Chunks.pipeline(fresh, CHUNK, chunk -> {
            List<byte[]> bodies = new ArrayList<>(chunk.size());
            Map<String, String> texts = new java.util.LinkedHashMap<>();
            for (var m : chunk) {
                String id = ids.get(m.externalId());
                var content = new MessageContent(m.text(), m.location(), m.contact(), m.mediaId(), null, m.senderName());
                bodies.add(views.seal(id, content));
                if (content.text() != null) texts.put(id, content.text());
            }
            List<Object> prepared = new ArrayList<>(listening.size());
            for (var l : listening) prepared.add(l.batch().prepare(texts));
            return new SealedChunk(chunk, bodies, prepared);
        }, sealed -> {
            List<MessageStore.StoredMessage> rows = new ArrayList<>(sealed.messages().size());
            Map<String, String> links = new java.util.LinkedHashMap<>();
            for (int i = 0; i < sealed.messages().size(); i++) {
                var m = sealed.messages().get(i);
                String id = ids.get(m.externalId());
                // The quoted message is in this batch (or stored earlier under one of its ids), else asked for: only then.
                String quoted = m.replyToExternalId();
                String replyTo = quoted == null ? null : ids.containsKey(quoted) ? ids.get(quoted) : messageIdOf(chatId, quoted).orElse(null);
                if (m.mediaId() != null) media.attach(mediaOwnerId, m.type(), m.mediaId(), chatId, id, false);
                rows.add(new MessageStore.StoredMessage(id, chatId, ++seq[0], MessagingApi.EXTERNAL_SENDER_PREFIX + m.senderKey(), id,
                        m.type(), sealed.bodies().get(i), replyTo, false, m.createdAt(), null, null, null));
                links.put(m.externalId(), id);
                if (!history) changes.forChat(chatId, FeedReader.NEW, id);
            }
            store.insertAll(rows);
            store.linkExternalAll(chatId, links);
            for (int i = 0; i < listening.size(); i++) listening.get(i).write(sealed.prepared().get(i));
        });
        if (history) changes.forChat(chatId, FeedReader.CHAT, chatId);
        return new Appended(fresh.size(), batch.size() - fresh.size(), messageIds);
    }

    /** A listener's batch with its prepared type captured, so the pipeline can hand prepared chunks back as Objects. */
    private record Listening<P>(BulkAppendListener.Batch<P> batch) {
        @SuppressWarnings("unchecked")
        void write(Object prepared) {
            batch.write((P) prepared);
        }
    }

    private record SealedChunk(List<ExternalMessage> messages, List<byte[]> bodies, List<Object> prepared) {}

    @Transactional
    public int purge(String chatId) {
        List<String> ids = store.idsOf(chatId);
        int deleted = 0;
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> chunk = List.copyOf(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
            deleted += store.purge(chunk);
            // The synchronous listeners drop them in this transaction: search from its index, media releases their
            // uploads (deleted once no message carries them). One event per chunk keeps their IN lists bounded.
            events.publishEvent(new app.cloak.messaging.MessagesExpired(chatId, chunk));
        }
        return deleted;
    }

    @Transactional
    public void resequence(String chatId, List<String> messageIdsInOrder) {
        if (messageIdsInOrder.isEmpty()) return;
        long last = store.reserveSeqs(chatId, messageIdsInOrder.size());
        long seq = last - messageIdsInOrder.size();
        Map<String, Long> seqs = new java.util.LinkedHashMap<>();
        for (String id : messageIdsInOrder) seqs.put(id, ++seq);
        store.setSeqs(chatId, seqs);
        for (String id : messageIdsInOrder) changes.forChat(chatId, FeedReader.UPDATED, id);
    }

    @Transactional
    public boolean edit(String chatId, String externalId, String text) {
        var row = row(chatId, externalId);
        if (row.isEmpty()) return false;
        var m = row.get();
        if (m.deletedAt() != null) return true;
        String newText = Fields.utf8Bounded(Fields.required(text, "text"), "text", settings.maxTextBytes());
        var content = views.content(m);
        store.updateBody(m.id(), views.seal(m.id(), content.withText(newText)), clock.millis());
        events.publishEvent(new MessageEdited(m.id(), chatId, m.seq()));
        changes.forChat(chatId, FeedReader.UPDATED, m.id());
        return true;
    }

    @Transactional
    public boolean delete(String chatId, String externalId) {
        var row = row(chatId, externalId);
        if (row.isEmpty()) return false;
        var m = row.get();
        if (m.deletedAt() == null) {
            store.markDeleted(m.id(), clock.millis());
            store.clearReactions(m.id());
            events.publishEvent(new MessageRemoved(m.id(), chatId, m.seq()));
            changes.forChat(chatId, FeedReader.DELETED, m.id());
        }
        return true;
    }

    @Transactional
    public boolean react(String chatId, String externalId, String senderKey, String emoji) {
        var row = row(chatId, externalId);
        if (row.isEmpty()) return false;
        var m = row.get();
        if (m.deletedAt() != null) return true;
        String reactor = MessagingApi.EXTERNAL_SENDER_PREFIX + Fields.text(Fields.required(senderKey, "senderKey"), "senderKey", MAX_ID);
        if (emoji == null || emoji.isBlank()) store.unreact(m.id(), reactor);
        else store.react(m.id(), reactor, Fields.text(emoji, "emoji", 64), clock.millis());
        changes.forChat(chatId, FeedReader.UPDATED, m.id());
        return true;
    }

    @Transactional
    public boolean record(String chatId, String messageId, String externalId) {
        Fields.text(Fields.required(externalId, "externalId"), "externalId", MAX_ID);
        return store.linkExternal(chatId, externalId, messageId);
    }

    Optional<String> messageIdOf(String chatId, String externalId) {
        return Optional.ofNullable(store.externalMessages(chatId, List.of(externalId)).get(externalId));
    }

    Optional<String> externalIdOf(String messageId) {
        return store.externalIdOf(messageId);
    }

    private Optional<MessageStore.StoredMessage> row(String chatId, String externalId) {
        return messageIdOf(chatId, externalId).flatMap(store::byId);
    }

    private void check(ExternalMessage m) {
        Fields.text(Fields.required(m.externalId(), "externalId"), "externalId", MAX_ID);
        Fields.text(Fields.required(m.senderKey(), "senderKey"), "senderKey", MAX_ID);
        Fields.text(m.senderName(), "senderName", MAX_NAME);
        if (!TYPES.contains(m.type())) throw ApiProblem.badRequest("invalid_type", "Unknown message type '" + m.type() + "'");
        if (m.text() != null) Fields.utf8Bounded(m.text(), "text", settings.maxTextBytes());
        if (m.createdAt() <= 0) throw ApiProblem.badRequest("invalid_parameter", "createdAt must be a time");
        if (m.mediaId() != null && !MessageService.MEDIA_TYPES.contains(m.type())) {
            throw ApiProblem.badRequest("invalid_type", "Only media messages carry a mediaId");
        }
        if (m.location() != null) {
            var l = m.location();
            if (Double.isNaN(l.latitude()) || Double.isNaN(l.longitude()) || Math.abs(l.latitude()) > 90 || Math.abs(l.longitude()) > 180) {
                throw ApiProblem.badRequest("invalid_location", "location needs latitude (-90..90) and longitude (-180..180)");
            }
        }
    }

}
