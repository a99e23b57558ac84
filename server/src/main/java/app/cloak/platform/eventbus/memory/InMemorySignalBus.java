package app.cloak.platform.eventbus.memory;

import app.cloak.platform.eventbus.SignalBus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded signal bus: a map from key to listeners, delivered on the signalling thread. */
public final class InMemorySignalBus implements SignalBus {
    private static final Logger log = LoggerFactory.getLogger(InMemorySignalBus.class);
    private final Map<String, List<Consumer<byte[]>>> listeners = new ConcurrentHashMap<>();

    @Override
    public void signal(String key, byte[] payload) {
        var list = listeners.get(SignalBus.checkKey(key));
        if (list == null) return;
        for (var listener : list) {
            try {
                listener.accept(payload);
            } catch (RuntimeException e) {
                log.warn("Signal listener failed for a {} signal", key.substring(0, Math.max(0, key.indexOf('.'))), e);
            }
        }
    }

    @Override
    public Registration listen(String key, Consumer<byte[]> listener) {
        listeners.computeIfAbsent(SignalBus.checkKey(key), k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }
}
