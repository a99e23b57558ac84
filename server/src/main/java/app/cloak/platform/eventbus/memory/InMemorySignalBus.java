package app.cloak.platform.eventbus.memory;

import app.cloak.platform.eventbus.SignalBus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded signal bus: a map from key to listeners, delivered on the signalling thread. */
public final class InMemorySignalBus implements SignalBus {
    private static final Logger log = LoggerFactory.getLogger(InMemorySignalBus.class);

    /** One registration; its own object, so the same listener registered twice is two registrations. */
    private record Listening(Consumer<byte[]> listener) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final Map<String, List<Listening>> listeners = new ConcurrentHashMap<>();

    @Override
    public void signal(String key, byte[] payload) {
        var list = listeners.get(SignalBus.checkKey(key));
        if (list == null) return;
        for (var listening : list) {
            try {
                listening.listener().accept(payload);
            } catch (RuntimeException e) {
                log.warn("Signal listener failed for a {} signal", key.substring(0, Math.max(0, key.indexOf('.'))), e);
            }
        }
    }

    @Override
    public Registration listen(String key, Consumer<byte[]> listener) {
        var listening = new Listening(listener);
        // compute, not computeIfAbsent + add: a concurrent close could drop the list between the two
        listeners.compute(SignalBus.checkKey(key), (k, list) -> {
            var l = list == null ? new CopyOnWriteArrayList<Listening>() : list;
            l.add(listening);
            return l;
        });
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (!open.compareAndSet(true, false)) return;
            listeners.computeIfPresent(key, (k, list) -> {
                list.remove(listening);
                return list.isEmpty() ? null : list;
            });
        };
    }
}
