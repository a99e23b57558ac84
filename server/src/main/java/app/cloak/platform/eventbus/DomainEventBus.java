package app.cloak.platform.eventbus;

import app.cloak.shared.DurableEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lane 1 of the event design (STYLE.md, docs/adr/0002-event-lanes.md): durable domain events, at least once.
 *
 * <p>Business code publishes through Spring's {@code ApplicationEventPublisher} inside its transaction;
 * every {@link DurableEvent} is then written to the outbox in that same transaction and relayed after
 * commit. A rolled-back transaction publishes nothing.
 *
 * <p>A consuming module registers a named consumer per event type it needs. Each event reaches each
 * consumer name once per cluster in the normal case, and again after a handler failure or a crash, so
 * handlers must be idempotent. In-process (embedded), handlers run on the node's outbox relay thread right
 * after the commit (the committing thread only wakes it), many events per relay transaction; with NATS they run on whichever node pulls the event from the consumer's durable
 * JetStream consumer.
 */
public interface DomainEventBus {
    /** Writes {@code event} to the outbox in the caller's transaction (in a transaction of its own if there is none). */
    void publish(DurableEvent event);

    /**
     * Registers {@code consumer}'s handler for events of {@code type}; at most one per consumer and type.
     * The handler runs in a transaction of its own: when it throws, its writes roll back and the event
     * is offered again later, with backoff. Register during start-up (constructors of the consuming beans).
     *
     * @param consumer the consuming module, e.g. {@code search}: letters, digits, {@code _} and {@code -}.
     *                 In cluster mode it names the durable JetStream consumer, so keep it stable.
     */
    <E extends DurableEvent> void subscribe(String consumer, Class<E> type, Consumer<? super E> handler);

    /**
     * {@link #subscribe}, for a handler that can take many events at once (one read for all of them, one savepoint): the
     * embedded bus hands it all the due events of the type in a relay pass, in order; when it throws, each event is
     * handed over again alone, so one bad event is retried alone. With NATS the events come one by one (lists of one).
     */
    <E extends DurableEvent> void subscribeInBatches(String consumer, Class<E> type, Consumer<? super List<E>> handler);

    /** The event type's name on the wire and in the outbox: the record's simple name, e.g. {@code MessageAccepted}. */
    static String typeName(Class<? extends DurableEvent> type) {
        return EventTypeNames.NAMES.get(type);
    }
}
