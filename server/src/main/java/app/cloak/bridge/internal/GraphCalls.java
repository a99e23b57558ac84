package app.cloak.bridge.internal;

import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.MessagingApi;
import app.cloak.platform.jobs.ClusterJobs;
import app.cloak.platform.persistence.AfterCommit;
import app.cloak.platform.persistence.TransactionLocks;
import app.cloak.privacy.PrivacyApi;
import app.cloak.shared.Ids;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outgoing Graph API calls: read receipts (only from a reveal) and text replies. The decision is recorded in
 * {@code bridge_calls} inside the transaction that made it (the reveal, the stored reply); the call itself goes out
 * only after that commit, from here, never inside a transaction. A chat has at most one read call waiting: a newer
 * reveal before it went out retargets it, so one call names the newest message revealed (Meta marks every earlier
 * message read with it). Failures are classified by Meta's {@code error.code}: throttling and transient codes are
 * retried with backoff (base × 4^attempt), anything else (e.g. 131009, 190) fails at once; each outcome is written
 * to the owner's audit log and a failure is shown on the link ({@code lastError}) and in its call list.
 */
@Component
class GraphCalls {
    private static final Logger log = LoggerFactory.getLogger(GraphCalls.class);
    static final String READ = "read";
    static final String REPLY = "reply";
    private static final int BATCH = 20;

    private final BridgeStore store;
    private final BridgeChats chats;
    private final Links links;
    private final GraphClient graph;
    private final PrivacyApi privacy;
    private final MessagingApi messaging;
    private final BridgeSettings settings;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final TransactionLocks locks;
    private final ClusterJobs.Job job;
    private final AtomicBoolean again = new AtomicBoolean();

    GraphCalls(BridgeStore store, BridgeChats chats, Links links, GraphClient graph, PrivacyApi privacy, MessagingApi messaging,
               BridgeSettings settings, Clock clock, PlatformTransactionManager transactions, TransactionLocks locks, ClusterJobs jobs) {
        this.chats = chats;
        this.store = store;
        this.links = links;
        this.graph = graph;
        this.privacy = privacy;
        this.messaging = messaging;
        this.settings = settings;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.locks = locks;
        this.job = jobs.every("bridge-calls", settings.workerPeriod(), this::drain);
    }

    /**
     * A reveal moved the owner's public watermark in a bridged chat from {@code fromSeq} to {@code toSeq} (called in
     * the reveal's transaction): one read call for the newest inbound message in that range, if there is one.
     */
    void recordRead(String userId, String chatId, long fromSeq, long toSeq) {
        var chat = store.chat(chatId).orElse(null);
        if (chat == null || links.link(chat.linkId()).isEmpty()) return;   // unlinked: the reveal stays local
        var newest = store.newestInbound(chatId, toSeq).filter(n -> n.seq() > fromSeq).orElse(null);
        if (newest == null) return;
        locks.lock("bridge-read:" + chatId);
        long now = clock.millis();
        var pending = store.pendingRead(chatId);
        if (pending.isPresent()) {
            store.retargetRead(pending.get().callId(), newest.wamid(), newest.seq(), now);
        } else {
            store.insertCall(new BridgeStore.CallRow(Ids.newId("wc"), chat.linkId(), chatId, userId, READ, newest.wamid(), newest.seq(),
                    BridgeStore.PENDING, 0, now, null, null, null, now, now));
        }
        AfterCommit.run(this::kick);
    }

    /**
     * A message stored in a bridged chat by its owner: a reply to send. Heard inside the storing transaction, so the
     * reply call is recorded atomically with the message (and costs nothing extra for Cloak's own chats).
     */
    @EventListener
    void onMessage(MessageAccepted e) {
        if (e.senderId() == null || e.senderId().startsWith(MessagingApi.EXTERNAL_SENDER_PREFIX)) return;
        var chat = chats.find(e.chatId()).orElse(null);
        if (chat == null) return;
        var link = links.link(chat.linkId()).orElse(null);
        if (link == null || !link.ownerId().equals(e.senderId())) return;
        long now = clock.millis();
        store.insertCall(new BridgeStore.CallRow("wr_" + e.messageId(), chat.linkId(), e.chatId(), e.senderId(), REPLY, e.messageId(), e.seq(),
                BridgeStore.PENDING, 0, now, null, null, null, now, now));
        AfterCommit.run(this::kick);
    }

    void kick() {
        again.set(true);
        Thread.ofVirtual().name("bridge-calls-kick").start(job::tick);
    }

    int drain() {
        int sent = 0;
        do {
            again.set(false);
            List<BridgeStore.CallRow> due;
            while (!(due = tx.execute(s -> store.dueCalls(clock.millis(), BATCH))).isEmpty()) {
                for (var call : due) if (send(call)) sent++;
                if (due.size() < BATCH) break;
            }
        } while (again.get());
        return sent;
    }

    private boolean send(BridgeStore.CallRow call) {
        long now = clock.millis();
        long lease = settings.graphTimeout().toMillis() * 3 + 10_000;
        if (!Boolean.TRUE.equals(tx.execute(s -> store.claimCall(call.callId(), now, now + lease)))) return false;
        var link = links.link(call.linkId()).orElse(null);
        var chat = store.chat(call.chatId()).orElse(null);
        int attempt = call.attempts() + 1;
        if (link == null || chat == null) {
            fail(call, attempt, "unlinked", "The link was removed before the call went out", false);
            return false;
        }
        try {
            String result = null;
            if (READ.equals(call.kind())) {
                graph.markRead(link.target(), call.target(), link.sendTyping());
            } else {
                var message = messaging.visibleTo(call.userId(), List.of(call.target())).stream().findFirst().orElse(null);
                if (message == null || message.deleted() || message.text() == null) {
                    fail(call, attempt, "message_gone", "The reply was deleted before it went out", false);
                    return false;
                }
                if (!"text".equals(message.type())) {
                    fail(call, attempt, "unsupported_reply", "Only text replies go out through the WhatsApp bridge", false);
                    return false;
                }
                result = graph.sendText(link.target(), chat.peer(), chat.group(), message.text());
            }
            String wamid = result;
            tx.executeWithoutResult(s -> {
                if (!store.callSent(call.callId(), call.target(), wamid, clock.millis())) return;   // retargeted meanwhile: goes again
                if (wamid != null) messaging.recordExternalId(call.chatId(), call.target(), wamid);
                privacy.auditBridgeCall(call.userId(), call.chatId(), detail(call, "sent", null, wamid));
            });
            return true;
        } catch (GraphClient.GraphException e) {
            boolean retry = e.retryable && attempt < settings.maxAttempts();
            fail(call, attempt, e.code, e.getMessage(), retry);
            return false;
        } catch (RuntimeException e) {
            log.warn("Bridge call {} failed unexpectedly", call.callId(), e);
            fail(call, attempt, "internal", e.getClass().getSimpleName(), attempt < settings.maxAttempts());
            return false;
        }
    }

    private void fail(BridgeStore.CallRow call, int attempt, String code, String message, boolean retry) {
        long now = clock.millis();
        tx.executeWithoutResult(s -> {
            if (retry) {
                store.callRetry(call.callId(), attempt, now + settings.backoff(attempt).toMillis(), code, message, now);
            } else {
                store.callFailed(call.callId(), attempt, code, message, now);
                if (store.link(call.linkId()).isPresent()) {
                    store.setLinkError(call.linkId(), code, (READ.equals(call.kind()) ? "Read receipt failed: " : "Reply failed: ") + message, now);
                }
            }
            privacy.auditBridgeCall(call.userId(), call.chatId(), detail(call, retry ? "retrying" : "failed", code, null));
        });
    }

    private static Map<String, Object> detail(BridgeStore.CallRow call, String outcome, String errorCode, String wamid) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("call", call.kind());
        d.put("outcome", outcome);
        d.put("linkId", call.linkId());
        if (READ.equals(call.kind())) {
            d.put("upToSeq", call.seq());
        } else {
            d.put("messageId", call.target());
        }
        if (wamid != null) d.put("wamid", wamid);
        if (errorCode != null) d.put("errorCode", errorCode);
        return d;
    }
}
