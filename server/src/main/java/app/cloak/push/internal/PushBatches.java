package app.cloak.push.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.identity.IdentityApi;
import app.cloak.identity.UserProfile;
import app.cloak.messaging.MessagingApi;
import app.cloak.presence.PresenceApi;
import app.cloak.privacy.PrivacyApi;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends batches whose window closed. A batch lives in {@code push_pending}, not in memory: whichever node (or
 * restarted process) gets to it first claims it with a conditional delete, so it is sent once; a message that joins
 * it meanwhile makes the claim fail, and the fuller batch is sent instead. Sending happens after the claim: a crash in
 * between loses that one notification rather than sending it twice.
 */
@Component
class PushBatches {
    private static final Logger log = LoggerFactory.getLogger(PushBatches.class);
    static final int PREVIEW_CHARS = 100;
    static final int SWEEP_LIMIT = 500;

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Payload(String type, String chatId, String messageId, String senderName, int count, String chatName, String preview) {}

    private final ChatsApi chats;
    private final MessagingApi messaging;
    private final PrivacyApi privacy;
    private final IdentityApi identity;
    private final PresenceApi presence;
    private final PushStore store;
    private final PushSender sender;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;

    PushBatches(ChatsApi chats, MessagingApi messaging, PrivacyApi privacy, IdentityApi identity, PresenceApi presence,
                PushStore store, PushSender sender, JsonMapper json, Clock clock, TransactionTemplate tx) {
        this.chats = chats;
        this.messaging = messaging;
        this.privacy = privacy;
        this.identity = identity;
        this.presence = presence;
        this.store = store;
        this.sender = sender;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Sends the recipient's batch for the chat if its window closed. Returns when it will close otherwise (epoch ms),
     * or 0 when there is nothing (left) to do.
     */
    long flush(String userId, String chatId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            var pending = store.pending(userId, chatId);
            if (pending.isEmpty()) return 0;
            if (pending.get().dueAt() > clock.millis()) return pending.get().dueAt();
            if (claimAndSend(pending.get())) return 0;
        }
        return 0; // busy chat: the batch keeps growing; the sweep sends it
    }

    /** Every batch whose window closed (at most {@value #SWEEP_LIMIT} a run). Returns how many were sent. */
    int flushDue() {
        int sent = 0;
        for (var pending : store.due(clock.millis(), SWEEP_LIMIT)) if (claimAndSend(pending)) sent++;
        return sent;
    }

    private boolean claimAndSend(PushStore.Pending p) {
        if (!Boolean.TRUE.equals(tx.execute(s -> store.claim(p)))) return false;
        deliver(p);
        return true;
    }

    private void deliver(PushStore.Pending batch) {
        try {
            if (!presence.connectedAmong(List.of(batch.userId())).isEmpty()) return; // a device will get it live
            var chat = chats.chatFor(batch.userId(), batch.chatId());
            if (chat.isEmpty()) return;
            Long mutedUntil = chat.get().settings().mutedUntil();
            if (mutedUntil != null && mutedUntil > clock.millis()) return;
            var subscriptions = store.of(batch.userId());
            if (subscriptions.isEmpty()) return;
            String senderName = identity.profile(batch.senderId()).map(UserProfile::displayName).orElse(null);
            String chatName = null;
            String preview = null;
            if (store.previews(batch.userId()) && !privacy.cloaked(batch.userId(), batch.chatId())) {
                chatName = chat.get().name();
                preview = preview(batch.userId(), batch.messageId());
            }
            byte[] payload = json.writeValueAsBytes(new Payload("message", batch.chatId(), batch.messageId(), senderName, count(batch),
                    chatName, preview));
            for (var subscription : subscriptions) sender.send(subscription, payload);
        } catch (RuntimeException e) {
            log.warn("Push for user {} in chat {} failed", batch.userId(), batch.chatId(), e);
        }
    }

    /**
     * How many messages the batch stands for: the others' live messages from its oldest to its newest (the recipient's
     * own, sent from a device without a socket, and messages deleted meanwhile do not count); at least one.
     */
    private int count(PushStore.Pending batch) {
        if (batch.firstSeq() == null) return batch.count();
        long others = messaging.countFromOthers(batch.chatId(), batch.userId(), batch.firstSeq(), batch.lastSeq());
        return (int) Math.max(1, Math.min(others, Integer.MAX_VALUE));
    }

    /** The start of the message's text as the recipient sees it; null for view-once, deleted or text-less messages. */
    private String preview(String userId, String messageId) {
        var message = messaging.visibleTo(userId, List.of(messageId)).stream().findFirst();
        if (message.isEmpty() || message.get().viewOnce() || message.get().deleted()) return null;
        String text = message.get().text();
        if (text == null || text.isBlank()) return null;
        text = text.strip();
        if (text.codePointCount(0, text.length()) <= PREVIEW_CHARS) return text;
        return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CHARS)) + "…";
    }
}
