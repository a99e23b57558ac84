package app.cloak.platform.eventbus.memory;

import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.platform.eventbus.durable.EventCodec;
import app.cloak.platform.eventbus.durable.Outbox;
import app.cloak.platform.eventbus.durable.RelayLoop;
import app.cloak.platform.persistence.Durability;
import app.cloak.platform.persistence.TransactionBound;
import app.cloak.platform.eventbus.durable.RelayTiming;
import app.cloak.platform.eventbus.durable.Subscriptions;
import app.cloak.shared.DurableEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded durable bus: once a business transaction that wrote outbox rows has committed, it wakes this
 * node's relay thread, which claims the due rows in batches and hands them to the handlers; the same pass,
 * run every sweep interval, picks up leftovers after a crash and retries failed handlers.
 *
 * <p>The committing thread only wakes the relay: a send is acknowledged once it is committed, and its
 * consumers (search indexing, push) never sit on the critical path of the send writer. One relay
 * transaction claims up to {@value #BATCH} rows, runs each consumer's handler under a savepoint of its own (a batched
 * handler gets all its rows of a type under one) and deletes the rows whose consumers all succeeded, so a handler that only writes to the database takes
 * effect exactly once, and a burst of sends costs one more commit per batch, not one per message (on SQLite,
 * where every write transaction waits for the one before it, that matters). A failing handler is rolled back
 * to its savepoint; the row remembers who already succeeded and comes back with backoff. Events nobody
 * consumes are not written at all.
 */
public final class InProcessDomainEventBus implements DomainEventBus, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(InProcessDomainEventBus.class);
    static final int BATCH = 256;

    private final Subscriptions subscriptions = new Subscriptions();
    private final EventCodec codec = new EventCodec();
    private final Outbox outbox;
    private final RelayTiming timing;
    private final TransactionTemplate relayTx;
    private final TransactionTemplate handlerTx;
    private final RelayLoop relay;
    private volatile boolean running;

    public InProcessDomainEventBus(Outbox outbox, PlatformTransactionManager transactions, RelayTiming timing) {
        this.outbox = outbox;
        this.timing = timing;
        this.relayTx = Durability.redoable(transactions);    // handlers are idempotent: a lost commit is relayed again
        this.handlerTx = new TransactionTemplate(transactions);
        handlerTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.relay = new RelayLoop("outbox-relay", timing.sweepInterval(), this::sweep);
    }

    /** Writes the row in the caller's transaction; its commit wakes the relay (once per transaction). */
    @Override
    public void publish(DurableEvent event) {
        String type = DomainEventBus.typeName(event.getClass());
        if (!subscriptions.wants(type)) return;
        outbox.appendOnCommit(type, codec.encode(event));
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            relay.wake();                                   // no transaction: the row is already committed
            return;
        }
        TransactionBound.get(this, () -> {                  // once per transaction
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) relay.wake();
                }
            });
            return Boolean.TRUE;
        });
    }

    @Override
    public <E extends DurableEvent> void subscribe(String consumer, Class<E> type, Consumer<? super E> handler) {
        subscriptions.add(consumer, type, handler);
    }

    /** Relays every due row, oldest first, {@value #BATCH} per transaction: new events, leftovers of a crash, retries. */
    public void sweep() {
        if (!outbox.anyDue()) return;
        int claimed;
        do {
            claimed = relayTx.execute(s -> {
                List<Outbox.Entry> due = outbox.claimDue(BATCH);
                relay(due);
                return due.size();
            });
        } while (claimed == BATCH && running);
    }

    /**
     * Hands the claimed entries to the consumers that have not handled them yet: event type by type (in the order each
     * type first appears), and for each consumer of the type its entries in order, all at once to a batched handler
     * (one savepoint; if it throws, one by one after all), else one savepoint per entry. Deletes the entries every
     * consumer has handled; the others come back later, remembering who did.
     */
    private void relay(List<Outbox.Entry> due) {
        Map<Long, Set<String>> done = new HashMap<>();
        Map<Long, DurableEvent> decoded = new HashMap<>();       // decoded once for all consumers (immutable records)
        Map<String, List<Outbox.Entry>> byType = new LinkedHashMap<>();
        for (Outbox.Entry entry : due) {
            done.put(entry.id(), new HashSet<>(entry.deliveredTo()));
            byType.computeIfAbsent(entry.type(), t -> new ArrayList<>()).add(entry);
        }
        Set<Long> failed = new HashSet<>();
        for (var typed : byType.entrySet()) {
            for (var subscription : subscriptions.forType(typed.getKey())) {
                List<Outbox.Entry> pending = typed.getValue().stream()
                        .filter(e -> !done.get(e.id()).contains(subscription.consumer())).toList();
                if (pending.isEmpty()) continue;
                if (subscription.batched() && pending.size() > 1) {
                    try {
                        handlerTx.executeWithoutResult(s -> subscription.handleAll(
                                pending.stream().map(e -> decode(e, subscription, decoded)).toList()));
                        for (Outbox.Entry e : pending) done.get(e.id()).add(subscription.consumer());
                        continue;
                    } catch (RuntimeException e) {
                        log.atInfo().addKeyValue("consumer", subscription.consumer()).addKeyValue("eventType", typed.getKey())
                                .addKeyValue("events", pending.size()).setCause(e)
                                .log("A batch of durable events failed; handing them over one by one");
                    }
                }
                for (Outbox.Entry entry : pending) {
                    try {
                        handlerTx.executeWithoutResult(s -> subscription.handle(decode(entry, subscription, decoded)));
                        done.get(entry.id()).add(subscription.consumer());
                    } catch (RuntimeException e) {
                        failed.add(entry.id());
                        log.atWarn().addKeyValue("consumer", subscription.consumer()).addKeyValue("eventType", entry.type())
                                .addKeyValue("outboxId", entry.id()).addKeyValue("attempt", entry.attempts() + 1).setCause(e)
                                .log("Durable event handler failed; the event is offered again later");
                    }
                }
            }
        }
        List<Long> finished = new ArrayList<>(due.size());
        for (Outbox.Entry entry : due) {
            if (!failed.contains(entry.id())) finished.add(entry.id());
            else outbox.retryLater(entry.id(), done.get(entry.id()), timing.retryDelay(entry.attempts() + 1));
        }
        outbox.delete(finished);
    }

    private DurableEvent decode(Outbox.Entry entry, Subscriptions.Subscription<?> subscription, Map<Long, DurableEvent> decoded) {
        return decoded.computeIfAbsent(entry.id(), id -> codec.decode(entry.payload(), subscription.eventClass()));
    }

    @Override
    public <E extends DurableEvent> void subscribeInBatches(String consumer, Class<E> type, Consumer<? super List<E>> handler) {
        subscriptions.addBatched(consumer, type, handler);
    }

    @Override
    public void start() {
        running = true;
        relay.start();
        relay.wake();            // rows a previous run left behind
    }

    @Override
    public void stop() {
        running = false;
        relay.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts, after it has stopped. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
