package app.cloak.messaging.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.UserSignals;
import app.cloak.platform.persistence.TransactionBound;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Collects the changes a transaction makes and writes them to the feed just before it commits (so
 * the feed clock's lock is held only for the commit itself), then, after the commit, hands them to the
 * {@link FeedTail} and pokes every affected user's devices through the signal bus. A lost poke costs latency,
 * never data: the device's next sync reads the feed.
 *
 * <p>The after-commit part runs on one thread of its own ({@code feed-notifier}), in the order the transactions
 * finished, not on the committing thread: the send writer's next batch need not wait for this one's pokes (their
 * virtual threads, the tail's bookkeeping). A device that syncs meanwhile is served up to the tail's head and reads
 * the rest when its poke comes. At most {@value #NOTIFIER_QUEUE} hand-overs wait; past that the committing thread
 * hands its own over, so a notifier that falls behind slows the writers down instead of filling the heap.
 */
@Component
public class ChangeRecorder implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ChangeRecorder.class);
    private final ChangeFeedStore feed;
    private final ChatsApi chats;
    private final SignalBus signals;
    private final Clock clock;
    private final FeedTail tail;
    /** Hand-overs waiting for the notifier at most; beyond that the committing thread does its own (it slows down). */
    static final int NOTIFIER_QUEUE = 1024;
    private final ThreadPoolExecutor notifier = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(NOTIFIER_QUEUE), Thread.ofPlatform().daemon().name("feed-notifier").factory(),
            (task, executor) -> task.run());   // full, or shut down: on the caller's thread (the tail takes late batches)

    ChangeRecorder(ChangeFeedStore feed, ChatsApi chats, SignalBus signals, Clock clock, FeedTail tail) {
        this.feed = feed;
        this.chats = chats;
        this.signals = signals;
        this.clock = clock;
        this.tail = tail;
    }

    /** A change for every member of the chat. */
    public void forChat(String chatId, String kind, String ref) {
        pending().add(new ChangeFeedStore.Change(0, chatId, null, kind, ref));
    }

    /**
     * A new message, with the row just stored: devices served from the {@link FeedTail} get it from memory. Call it
     * last in the send, once nothing can roll the message back but the whole transaction.
     */
    void newMessage(MessageStore.StoredMessage row) {
        pending().add(new ChangeFeedStore.Change(0, row.chatId(), null, FeedReader.NEW, row.id()));
        if (tail.enabled()) batch().rows.put(row.id(), row);
    }

    /** A change for one user's devices only. */
    public void forUser(String userId, String chatId, String kind, String ref) {
        pending().add(new ChangeFeedStore.Change(0, chatId, userId, kind, ref));
    }

    private List<ChangeFeedStore.Change> pending() {
        return batch().changes;
    }

    private Batch batch() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Changes are recorded inside a transaction");
        }
        return TransactionBound.get(this, () -> {
            var batch = new Batch();
            TransactionSynchronizationManager.registerSynchronization(batch);
            return batch;
        });
    }

    private final class Batch implements TransactionSynchronization {
        final List<ChangeFeedStore.Change> changes = new ArrayList<>();
        final Map<String, MessageStore.StoredMessage> rows = new HashMap<>();
        final Set<String> users = new LinkedHashSet<>();
        List<FeedTail.Entry> forTail = List.of();

        @Override
        public void beforeCommit(boolean readOnly) {
            Map<String, Collection<String>> members = new HashMap<>();
            for (var c : changes) {
                if (c.userId() != null) users.add(c.userId());
                else users.addAll(members.computeIfAbsent(c.chatId(), chats::memberIds));
            }
            var stored = feed.append(changes, clock.millis());
            if (!tail.enabled()) return;
            forTail = new ArrayList<>(stored.size());
            for (var c : stored) {
                forTail.add(new FeedTail.Entry(c, c.userId() != null ? List.of(c.userId()) : members.get(c.chatId()),
                        FeedReader.NEW.equals(c.kind()) ? rows.get(c.ref()) : null));
            }
        }

        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_ROLLED_BACK) return;
            notifier.execute(() -> handOver(status == STATUS_COMMITTED));
        }

        /** Committed, or unknown (it may have committed: the tail starts over, and everyone it held back is poked too). */
        private void handOver(boolean committed) {
            try {
                users.addAll(committed ? tail.committed(forTail) : tail.forget());
            } catch (RuntimeException e) {
                // a batch the tail did not take would hold back every later one: start it over, poke whoever it held
                log.warn("The feed tail failed to take a commit's changes; it starts over", e);
                users.addAll(tail.forget());
            }
            for (String user : users) {
                try {
                    signals.signal(UserSignals.key(user), UserSignals.POKE);
                } catch (RuntimeException e) {
                    log.warn("A poke failed; the user's devices catch up at their next sync", e);
                }
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        notifier.shutdown();
        if (!notifier.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("The feed notifier had hand-overs left after 5 s; devices catch up at their next sync");
        }
    }
}
