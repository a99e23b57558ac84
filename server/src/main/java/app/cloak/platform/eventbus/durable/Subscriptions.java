package app.cloak.platform.eventbus.durable;

import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.shared.DurableEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Who consumes which durable event type: the registry both bus adapters dispatch from. */
public final class Subscriptions {
    /**
     * One consumer's handler for one event type. Every handler takes a list; {@code batched} false: one registered per
     * event ({@link DomainEventBus#subscribe}), which is only ever handed lists of one.
     */
    public record Subscription<E extends DurableEvent>(String consumer, String type, Class<E> eventClass,
                                                        Consumer<? super List<E>> handler, boolean batched) {
        public void handle(String payload, EventCodec codec) {
            handler.accept(List.of(codec.decode(payload, eventClass)));
        }

        /** Hands an event already decoded (for another consumer of the same type: they share the class) to the handler. */
        public void handle(DurableEvent event) {
            handler.accept(List.of(eventClass.cast(event)));
        }

        /** Hands several decoded events, in order, to a batched handler at once. */
        public void handleAll(List<? extends DurableEvent> events) {
            if (!batched) throw new IllegalStateException(consumer + " takes " + type + " one at a time");
            handler.accept(events.stream().map(eventClass::cast).toList());
        }
    }

    private final Map<String, List<Subscription<?>>> byType = new ConcurrentHashMap<>();

    public <E extends DurableEvent> Subscription<E> add(String consumer, Class<E> eventClass, Consumer<? super E> handler) {
        return add(consumer, eventClass, events -> events.forEach(handler), false);
    }

    /** A handler that takes the events of one relay pass together ({@link DomainEventBus#subscribeInBatches}). */
    public <E extends DurableEvent> Subscription<E> addBatched(String consumer, Class<E> eventClass, Consumer<? super List<E>> handler) {
        return add(consumer, eventClass, handler, true);
    }

    private synchronized <E extends DurableEvent> Subscription<E> add(String consumer, Class<E> eventClass,
                                                                      Consumer<? super List<E>> handler, boolean batched) {
        if (consumer == null || !consumer.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("Consumer names are 1 to 64 of [A-Za-z0-9_-]");
        }
        String type = DomainEventBus.typeName(eventClass);
        List<Subscription<?>> list = byType.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>());
        for (Subscription<?> existing : list) {
            if (!existing.eventClass().equals(eventClass)) {
                throw new IllegalStateException("Two durable event types are named " + type);
            }
            if (existing.consumer().equals(consumer)) {
                throw new IllegalStateException(consumer + " already handles " + type);
            }
        }
        var subscription = new Subscription<>(consumer, type, eventClass, handler, batched);
        list.add(subscription);
        return subscription;
    }

    public List<Subscription<?>> forType(String type) {
        return byType.getOrDefault(type, List.of());
    }

    public boolean wants(String type) {
        return !forType(type).isEmpty();
    }

    public Optional<Subscription<?>> find(String consumer, String type) {
        return forType(type).stream().filter(s -> s.consumer().equals(consumer)).findFirst();
    }

    public Set<String> consumers() {
        return byType.values().stream().flatMap(List::stream).map(Subscription::consumer)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
