package app.cloak.push.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.identity.IdentityApi;
import app.cloak.identity.UserProfile;
import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessagingApi;
import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.presence.PresenceApi;
import app.cloak.privacy.PrivacyApi;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * New messages become push notifications for recipients with no open connection. A message starts (or joins) a
 * batch per recipient and chat; when the batch window ({@code cloak.push.batch-window}, 3 s) closes, the recipient
 * is checked again (connected on any device now? chat muted? still a member?) and gets one notification:
 * {@code {"type":"message","chatId","messageId","senderName","count"}} with the newest message's id and sender.
 * Only when the recipient chose previews ({@code PATCH /api/v1/push/preferences}) does it also carry {@code chatName}
 * (groups) and {@code preview}, the first {@value #PREVIEW_CHARS} characters of the newest message's text — and never
 * for a chat cloaked for the recipient, nor a view-once message's caption. Never anything about reads. MessageAccepted arrives as durable consumer
 * {@value #CONSUMER}: once per cluster, after the message committed.
 */
@Component
class PushNotifier implements DisposableBean {
    static final String CONSUMER = "push";
    private static final Logger log = LoggerFactory.getLogger(PushNotifier.class);

    static final int PREVIEW_CHARS = 100;

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Payload(String type, String chatId, String messageId, String senderName, int count, String chatName, String preview) {}

    private record Key(String userId, String chatId) {}

    private static final class Batch {
        int count;
        String messageId;
        String senderId;
    }

    private final ChatsApi chats;
    private final MessagingApi messaging;
    private final PrivacyApi privacy;
    private final IdentityApi identity;
    private final PresenceApi presence;
    private final PushStore store;
    private final PushSender sender;
    private final PushSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<Key, Batch> batches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("push-batch-", 0).factory());

    PushNotifier(ChatsApi chats, MessagingApi messaging, PrivacyApi privacy, IdentityApi identity, PresenceApi presence, PushStore store, PushSender sender,
                 PushSettings settings, JsonMapper json, Clock clock, DomainEventBus events) {
        this.chats = chats;
        this.messaging = messaging;
        this.privacy = privacy;
        this.identity = identity;
        this.presence = presence;
        this.store = store;
        this.sender = sender;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        events.subscribe(CONSUMER, MessageAccepted.class, this::on);
    }

    void on(MessageAccepted message) {
        for (String userId : chats.memberIds(message.chatId())) {
            if (userId.equals(message.senderId())) continue;
            Key key = new Key(userId, message.chatId());
            boolean[] opened = {false};
            batches.compute(key, (k, batch) -> {
                if (batch == null) {
                    batch = new Batch();
                    opened[0] = true;
                }
                batch.count++;
                batch.messageId = message.messageId();
                batch.senderId = message.senderId();
                return batch;
            });
            if (opened[0]) timer.schedule(() -> flush(key), settings.batchWindow().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flush(Key key) {
        Batch batch = batches.remove(key);
        if (batch == null) return;
        try {
            if (!presence.connectedAmong(java.util.List.of(key.userId())).isEmpty()) return; // a device will get it live
            var chat = chats.chatFor(key.userId(), key.chatId());
            if (chat.isEmpty()) return;
            Long mutedUntil = chat.get().settings().mutedUntil();
            if (mutedUntil != null && mutedUntil > clock.millis()) return;
            var subscriptions = store.of(key.userId());
            if (subscriptions.isEmpty()) return;
            String senderName = identity.profile(batch.senderId).map(UserProfile::displayName).orElse(null);
            String chatName = null;
            String preview = null;
            if (store.previews(key.userId()) && !privacy.cloaked(key.userId(), key.chatId())) {
                chatName = chat.get().name();
                preview = preview(key.userId(), batch.messageId);
            }
            byte[] payload = json.writeValueAsBytes(new Payload("message", key.chatId(), batch.messageId, senderName, batch.count,
                    chatName, preview));
            for (var subscription : subscriptions) sender.send(subscription, payload);
        } catch (RuntimeException e) {
            log.warn("Push for user {} in chat {} failed", key.userId(), key.chatId(), e);
        }
    }

    /** The start of the message's text as the recipient sees it; null for view-once, deleted or text-less messages. */
    private String preview(String userId, String messageId) {
        var message = messaging.visibleTo(userId, java.util.List.of(messageId)).stream().findFirst();
        if (message.isEmpty() || message.get().viewOnce() || message.get().deleted()) return null;
        String text = message.get().text();
        if (text == null || text.isBlank()) return null;
        text = text.strip();
        if (text.codePointCount(0, text.length()) <= PREVIEW_CHARS) return text;
        return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CHARS)) + "…";
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
