package app.cloak.platform.eventbus.nats;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Confirms subscriptions with one flush (a PING and its PONG) at a time per connection: everyone who asks while a flush
 * is in flight is answered by the next one, which starts after their SUBs were queued, so it covers them all.
 *
 * <p>jnats counts a flush's PING against {@code maxPingsOut} (2 by default) and drops the connection when a third is
 * outstanding (nats.java issue 291). With a flush per subscription, a burst of WebSocket connects (a node's clients
 * reconnecting at once) cut the node off NATS over and over, and the signals sent meanwhile were lost.
 */
final class SubscriptionConfirmations {
    private final Connection connection;
    private CompletableFuture<Boolean> next;   // the flush that starts once the one in flight is done; its askers wait on it
    private boolean flushing;

    SubscriptionConfirmations(Connection connection) {
        this.connection = connection;
    }

    /**
     * Returns true once a flush that started after this call has completed: the server has every subscription this
     * connection sent before the call. False when that takes longer than {@code wait} or the flush failed (the
     * subscriptions are then in place once the server gets them, or once the connection is back).
     */
    boolean confirm(Duration wait) throws InterruptedException {
        CompletableFuture<Boolean> mine;
        boolean lead;
        synchronized (this) {
            if (next == null) next = new CompletableFuture<>();
            mine = next;
            lead = !flushing;
            flushing = true;
        }
        if (lead) Thread.ofVirtual().name("nats-flush").start(() -> flushWhileAsked(wait));
        try {
            return mine.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    private void flushWhileAsked(Duration timeout) {
        while (true) {
            CompletableFuture<Boolean> batch;
            synchronized (this) {
                batch = next;
                next = null;
                if (batch == null) {
                    flushing = false;
                    return;
                }
            }
            boolean done;
            try {
                connection.flush(timeout);
                done = true;
            } catch (TimeoutException | RuntimeException e) {
                done = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            batch.complete(done);
        }
    }
}
