package app.cloak.platform.eventbus;

import java.util.function.Consumer;

/**
 * Lane 2 of the event design (STYLE.md): ephemeral, keyed realtime signals such as "user X has
 * changes", typing and presence. At most once and never the source of truth: whoever misses a
 * signal catches up from the durable store on its next sync.
 *
 * <p>Keys are dot-separated tokens of {@code [A-Za-z0-9_-]} (they become NATS subjects in cluster
 * mode), e.g. {@code user.u_abc}. A signal reaches every listener of its key on every node.
 */
public interface SignalBus {
    void signal(String key, byte[] payload);

    /** Starts listening; listeners may be called on any thread and must not block for long. */
    Registration listen(String key, Consumer<byte[]> listener);

    /**
     * Runs {@code catchUp} each time this node's listeners may have missed signals and are listening again (in cluster
     * mode: the node lost NATS and has its subscriptions back): whoever relies on signals reads its durable store then.
     * The in-process bus never misses any, and never runs it.
     */
    default void onResumed(Runnable catchUp) {}

    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    static String checkKey(String key) {
        if (key == null || !key.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*") || key.length() > 200) {
            throw new IllegalArgumentException("Invalid signal key");
        }
        return key;
    }
}
