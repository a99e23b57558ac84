package app.cloak.platform.eventbus.memory;

import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.platform.eventbus.durable.EventCodec;
import app.cloak.platform.eventbus.durable.Outbox;
import app.cloak.platform.eventbus.durable.RelayLoop;
import app.cloak.platform.eventbus.durable.RelayTiming;
import app.cloak.platform.eventbus.durable.Subscriptions;
import app.cloak.platform.persistence.AfterCommit;
import app.cloak.shared.DurableEvent;
import java.util.ArrayList;
import java.util.HashSet;
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
 * The embedded durable bus: outbox rows are handed to this node's handlers on the committing thread as
 * soon as the business transaction has committed (so an API call's effects, e.g. search indexing, are
 * in place when its response is sent), and swept for leftovers after a crash or a handler failure.
 *
 * <p>One relay transaction claims the row, runs each consumer's handler under a savepoint of its own and
 * deletes the row when all succeeded, so a handler that only writes to the database takes effect exactly
 * once. A failing handler is rolled back to its savepoint; the row remembers who already succeeded and
 * comes back with backoff. Events nobody consumes are not written at all.
 */
public final class InProcessDomainEventBus implements DomainEventBus, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(InProcessDomainEventBus.class);
    private static final int BATCH = 100;

    private final Subscriptions subscriptions = new Subscriptions();
    private final EventCodec codec = new EventCodec();
    private final Outbox outbox;
    private final RelayTiming timing;
    private final TransactionTemplate relayTx;
    private final TransactionTemplate handlerTx;
    private final RelayLoop sweeper;
    private volatile boolean running;

    public InProcessDomainEventBus(Outbox outbox, PlatformTransactionManager transactions, RelayTiming timing) {
        this.outbox = outbox;
        this.timing = timing;
        this.relayTx = new TransactionTemplate(transactions);
        this.handlerTx = new TransactionTemplate(transactions);
        handlerTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.sweeper = new RelayLoop("outbox-sweep", timing.sweepInterval(), this::sweep);
    }

    /**
     * The rows one transaction writes are relayed together after it commits, in one relay transaction:
     * a batch of sends costs one more commit, not one more per message.
     */
    @Override
    public void publish(DurableEvent event) {
        String type = DomainEventBus.typeName(event.getClass());
        if (!subscriptions.wants(type)) return;
        long id = outbox.append(type, codec.encode(event));
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            AfterCommit.run(() -> relay(List.of(id)));
            return;
        }
        @SuppressWarnings("unchecked")
        var ids = (List<Long>) TransactionSynchronizationManager.getResource(this);
        if (ids == null) {
            List<Long> batch = new ArrayList<>();
            ids = batch;
            TransactionSynchronizationManager.bindResource(this, batch);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(InProcessDomainEventBus.this);
                }
            });
            AfterCommit.run(() -> relay(batch));
        }
        ids.add(id);
    }

    private void relay(List<Long> ids) {
        relayTx.executeWithoutResult(s -> {
            for (long id : ids) outbox.claim(id).ifPresent(this::deliver);
        });
    }

    @Override
    public <E extends DurableEvent> void subscribe(String consumer, Class<E> type, Consumer<? super E> handler) {
        subscriptions.add(consumer, type, handler);
    }

    /** Relays every due row: leftovers of a crash and retries of failed handlers. */
    public void sweep() {
        if (!outbox.anyDue()) return;
        int claimed;
        do {
            claimed = relayTx.execute(s -> {
                List<Outbox.Entry> due = outbox.claimDue(BATCH);
                due.forEach(this::deliver);
                return due.size();
            });
        } while (claimed == BATCH);
    }

    private void deliver(Outbox.Entry entry) {
        Set<String> done = new HashSet<>(entry.deliveredTo());
        boolean failed = false;
        for (var subscription : subscriptions.forType(entry.type())) {
            if (done.contains(subscription.consumer())) continue;
            try {
                handlerTx.executeWithoutResult(s -> subscription.handle(entry.payload(), codec));
                done.add(subscription.consumer());
            } catch (RuntimeException e) {
                failed = true;
                log.atWarn().addKeyValue("consumer", subscription.consumer()).addKeyValue("eventType", entry.type())
                        .addKeyValue("outboxId", entry.id()).addKeyValue("attempt", entry.attempts() + 1).setCause(e)
                        .log("Durable event handler failed; the event is offered again later");
            }
        }
        if (failed) outbox.retryLater(entry.id(), done, timing.retryDelay(entry.attempts() + 1));
        else outbox.delete(List.of(entry.id()));
    }

    @Override
    public void start() {
        sweeper.start();
        running = true;
    }

    @Override
    public void stop() {
        sweeper.close();
        running = false;
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
