package app.cloak.push.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.identity.DeviceSignedOut;
import app.cloak.messaging.MessageAccepted;
import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.platform.jobs.ClusterJobs;
import app.cloak.platform.persistence.AfterCommit;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * New messages become push notifications for recipients with no open connection. A message starts (or joins) a
 * batch per recipient and chat in {@code push_pending} (so a restart within the window loses nothing); when the
 * batch window ({@code cloak.push.batch-window}, 3 s) closes, {@link PushBatches} checks the recipient again
 * (connected on any device now? chat muted? still a member?) and sends one notification:
 * {@code {"type":"message","chatId","messageId","senderName","count"}} with the newest message's id and sender.
 * Only when the recipient chose previews ({@code PATCH /api/v1/push/preferences}) does it also carry {@code chatName}
 * (groups) and {@code preview}, the first {@value PushBatches#PREVIEW_CHARS} characters of the newest message's text —
 * and never for a chat cloaked for the recipient, nor a view-once message's caption. Never anything about reads.
 * <p>
 * The node that took the event flushes the batch when its window closes (a timer); the cluster-once job
 * {@value #JOB}, every window, sends batches that no timer did (the node crashed or restarted). MessageAccepted and
 * DeviceSignedOut arrive as durable consumer {@value #CONSUMER}: once per cluster, after their transaction
 * committed. A device that signs out (or is revoked) loses its push subscriptions.
 */
@Component
class PushNotifier implements DisposableBean {
    static final String CONSUMER = "push";
    static final String JOB = "push.batches";
    private static final Logger log = LoggerFactory.getLogger(PushNotifier.class);

    private record Key(String userId, String chatId) {}

    private final ChatsApi chats;
    private final PushStore store;
    private final PushBatches batches;
    private final PushSettings settings;
    private final Clock clock;
    private final Set<Key> scheduled = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("push-batch-", 0).factory());

    PushNotifier(ChatsApi chats, PushStore store, PushBatches batches, PushSettings settings, Clock clock, DomainEventBus events,
                 ClusterJobs jobs) {
        this.chats = chats;
        this.store = store;
        this.batches = batches;
        this.settings = settings;
        this.clock = clock;
        events.subscribeInBatches(CONSUMER, MessageAccepted.class, this::on);
        events.subscribe(CONSUMER, DeviceSignedOut.class, this::on);
        jobs.every(JOB, settings.batchWindow().isZero() ? java.time.Duration.ofSeconds(1) : settings.batchWindow(), batches::flushDue);
    }

    /**
     * In the consumer's transaction: each message joins the batch of each recipient who has a push subscription
     * (nobody else gets a row: a relay pass's messages cost one read of each chat's members and one of who among them
     * subscribed, not a write per member); a timer flushes it after commit.
     */
    void on(List<MessageAccepted> messages) {
        long due = clock.millis() + settings.batchWindow().toMillis();
        Map<String, List<String>> members = new HashMap<>();
        Set<String> everyone = new HashSet<>();
        for (var message : messages) everyone.addAll(members.computeIfAbsent(message.chatId(), chats::memberIds));
        Set<String> subscribed = store.subscribed(everyone);
        if (subscribed.isEmpty()) return;
        for (var message : messages) {
            for (String userId : members.get(message.chatId())) {
                if (userId.equals(message.senderId()) || !subscribed.contains(userId)) continue;
                store.addPending(userId, message.chatId(), message.messageId(), message.senderId(), message.seq(), due);
                Key key = new Key(userId, message.chatId());
                if (scheduled.add(key)) AfterCommit.run(() -> schedule(key, settings.batchWindow().toMillis()));
            }
        }
    }

    void on(DeviceSignedOut signedOut) {
        int removed = store.removeDevice(signedOut.userId(), signedOut.deviceId());
        if (removed > 0) log.info("Device {} signed out: {} push subscription(s) removed", signedOut.deviceId(), removed);
    }

    private void schedule(Key key, long delayMs) {
        try {
            timer.schedule(() -> fire(key), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            scheduled.remove(key); // shutting down: the job on another (or the next) node sends it
        }
    }

    private void fire(Key key) {
        scheduled.remove(key);
        try {
            long dueAt = batches.flush(key.userId(), key.chatId());
            if (dueAt > 0 && scheduled.add(key)) schedule(key, dueAt - clock.millis());
        } catch (RuntimeException e) {
            log.warn("Push batch for user {} in chat {} not flushed; the job retries", key.userId(), key.chatId(), e);
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
