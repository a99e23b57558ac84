package app.cloak.platform.eventbus;

import app.cloak.shared.DurableEvent;
import org.springframework.context.event.EventListener;

/**
 * Bridges Spring's application events to the durable lane: every {@link DurableEvent} a module publishes
 * with {@code ApplicationEventPublisher} is written to the outbox, in the publishing transaction.
 * Synchronous {@code @EventListener}s of the same event still run inside that transaction as before.
 */
class DurableEventRecorder {
    private final DomainEventBus bus;

    DurableEventRecorder(DomainEventBus bus) {
        this.bus = bus;
    }

    @EventListener
    void on(DurableEvent event) {
        bus.publish(event);
    }
}
