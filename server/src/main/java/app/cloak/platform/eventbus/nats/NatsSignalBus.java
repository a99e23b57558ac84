package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.SignalBus;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster signal bus: a signal is published on core NATS subject {@code <namespace>.signal.<key>}
 * ({@code cloak.signal.<key>} by default), and
 * each listener is a subscription on the node's shared connection, served by one dispatcher thread.
 * At most once: a signal sent while a node is disconnected is lost for it (callers catch up by sync).
 */
public final class NatsSignalBus implements SignalBus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NatsSignalBus.class);
    private static final Duration SUBSCRIBE_CONFIRMATION = Duration.ofSeconds(2);

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final String subjectPrefix;
    private final SubscriptionConfirmations confirmations;
    /** Closed listeners waiting for {@link #unsubscribeClosed} (one thread at a time, while {@link #unsubscribing}). */
    private final ConcurrentLinkedQueue<Subscription> closed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean unsubscribing = new AtomicBoolean();
    private static final int UNSUBSCRIBE_ATTEMPTS = 10;

    public NatsSignalBus(Connection connection, String namespace) {
        this.connection = connection;
        this.dispatcher = connection.createDispatcher();
        this.subjectPrefix = namespace + ".signal.";
        this.confirmations = new SubscriptionConfirmations(connection);
    }

    @Override
    public void signal(String key, byte[] payload) {
        connection.publish(subjectPrefix + SignalBus.checkKey(key), payload);
    }

    /**
     * Returns once the server has the subscription (a flush round trip, shared with the listens made meanwhile:
     * {@link SubscriptionConfirmations}), so a caller that listens and then reads the durable store misses nothing in
     * between. When the connection is down, the subscription is in place as soon as it is back.
     */
    @Override
    public Registration listen(String key, Consumer<byte[]> listener) {
        AtomicBoolean open = new AtomicBoolean(true);   // a closed listener hears nothing, though it may still be subscribed
        Subscription subscription = dispatcher.subscribe(subjectPrefix + SignalBus.checkKey(key), message -> {
            if (!open.get()) return;
            try {
                listener.accept(message.getData());
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("keyKind", kind(key)).setCause(e).log("Signal listener failed");
            }
        });
        try {
            if (!confirmations.confirm(SUBSCRIBE_CONFIRMATION)) {
                log.atDebug().addKeyValue("keyKind", kind(key)).log("Subscription not confirmed yet (NATS unreachable)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return () -> {
            if (open.compareAndSet(true, false)) unsubscribe(subscription);
        };
    }

    /**
     * Closed listeners are unsubscribed by one thread, in the order they closed: when thousands of sockets close at
     * once, thousands of threads fighting for jnats' write queue made it refuse ("Output queue is busy") the UNSUBs and
     * even its own traffic, and the node lost NATS. A listener waiting here is closed already: what its subscription
     * still receives is dropped.
     */
    private void unsubscribe(Subscription subscription) {
        closed.add(subscription);
        if (unsubscribing.compareAndSet(false, true)) Thread.ofVirtual().name("nats-unsubscribe").start(this::unsubscribeClosed);
    }

    private void unsubscribeClosed() {
        do {
            try {
                Subscription next;
                while ((next = closed.poll()) != null) unsubscribeWithRetries(next);
            } catch (InterruptedException e) {   // the node is stopping
                Thread.currentThread().interrupt();
                unsubscribing.set(false);
                return;
            }
            unsubscribing.set(false);
        } while (!closed.isEmpty() && unsubscribing.compareAndSet(false, true));
    }

    private void unsubscribeWithRetries(Subscription subscription) throws InterruptedException {
        for (int attempt = 1; dispatcher.isActive(); attempt++) {
            try {
                dispatcher.unsubscribe(subscription);
                return;
            } catch (RuntimeException e) {   // jnats' write queue full or busy ("Output queue is busy"): wait for its writer
                if (attempt == UNSUBSCRIBE_ATTEMPTS) {
                    log.atWarn().addKeyValue("error", e.getMessage())
                            .log("Gave up unsubscribing a closed listener; it stays subscribed, hearing nothing it can use");
                    return;
                }
                Thread.sleep(10L << attempt);
            }
        }
    }

    /** After a reconnect, once the server has the resent subscriptions (confirmed by a flush): signals sent meanwhile are lost. */
    @Override
    public void onResumed(Runnable catchUp) {
        connection.addConnectionListener((conn, event) -> {
            if (event != ConnectionListener.Events.RESUBSCRIBED) return;
            Thread.ofVirtual().name("nats-resumed").start(() -> {
                try {
                    if (!confirmations.confirm(SUBSCRIBE_CONFIRMATION)) {
                        log.atDebug().log("Resubscriptions not confirmed yet; catching up anyway");
                    }
                    catchUp.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.atWarn().setCause(e).log("Catching up after a NATS reconnect failed");
                }
            });
        });
    }

    @Override
    public void close() {
        if (dispatcher.isActive()) connection.closeDispatcher(dispatcher);
    }

    /** "user.u_abc" → "user": what a log line may say about a key. */
    private static String kind(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }
}
