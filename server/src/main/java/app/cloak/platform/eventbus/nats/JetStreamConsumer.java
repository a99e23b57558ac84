package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.durable.EventCodec;
import app.cloak.platform.eventbus.durable.RelayTiming;
import app.cloak.platform.eventbus.durable.Subscriptions;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One consuming module on this node: pulls from the module's durable JetStream consumer (shared by every
 * node, so each event goes to one of them), runs the handler in a transaction, acks after commit, and
 * naks with backoff when the handler fails so JetStream redelivers. The filter is the whole stream
 * (nats-server 2.9 has no multi-subject filters); types the module does not handle are acked unread.
 */
final class JetStreamConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JetStreamConsumer.class);
    static final Duration ACK_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);
    /** Pull requests expire after this; so does a stopping consumer's last one. */
    private static final Duration PULL_EXPIRY = Duration.ofSeconds(1);
    private static final Duration DRAIN = PULL_EXPIRY.multipliedBy(2);

    private final String name;
    private final Connection connection;
    private final EventStream stream;
    private final Subscriptions subscriptions;
    private final EventCodec codec;
    private final TransactionTemplate tx;
    private final RelayTiming timing;
    private volatile boolean running = true;
    private final Thread thread;

    JetStreamConsumer(String name, Connection connection, EventStream stream, Subscriptions subscriptions, EventCodec codec,
                      TransactionTemplate tx, RelayTiming timing) throws Exception {
        this.name = name;
        this.connection = connection;
        this.stream = stream;
        this.subscriptions = subscriptions;
        this.codec = codec;
        this.tx = tx;
        this.timing = timing;
        IterableConsumer first = open(); // fails start-up now rather than retrying in the background
        this.thread = Thread.ofVirtual().name("jetstream-" + name).start(() -> loop(first));
    }

    private IterableConsumer open() throws Exception {
        ConsumerConfiguration config = ConsumerConfiguration.builder()
                .durable(name)
                .filterSubject(stream.subjectPrefix() + ".>")
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(ACK_WAIT)
                .maxDeliver(-1)
                .maxAckPending(1_000)
                .build();
        return connection.getStreamContext(stream.name()).createOrUpdateConsumer(config)
                .iterate(ConsumeOptions.builder().batchSize(50).expiresIn(PULL_EXPIRY.toMillis()).build());
    }

    private void loop(IterableConsumer consumer) {
        long drainUntil = Long.MAX_VALUE;
        while (true) {
            try {
                if (consumer == null) {
                    if (!running) return;
                    consumer = open();
                }
                if (!running && !consumer.isStopped()) {
                    // The server still fills the open pull request: handle what comes, so nothing waits for ACK_WAIT.
                    consumer.stop();
                    drainUntil = System.nanoTime() + DRAIN.toNanos();
                }
                Message message = consumer.nextMessage(POLL);
                if (message != null) handle(message);
                else if (!running && (consumer.isFinished() || System.nanoTime() > drainUntil)) break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                log.atWarn().addKeyValue("consumer", name).addKeyValue("exception", e.toString())
                        .log("JetStream consumer interrupted; reopening");
                close(consumer);
                consumer = null;
                if (running) sleep(timing.retryFirst());
            }
        }
        close(consumer);
    }

    private void handle(Message message) {
        String type = stream.typeOf(message.getSubject());
        var subscription = subscriptions.find(name, type);
        if (subscription.isEmpty()) {
            message.ack();
            return;
        }
        long delivery = message.metaData().deliveredCount();
        try {
            String payload = new String(message.getData(), StandardCharsets.UTF_8);
            tx.executeWithoutResult(s -> subscription.get().handle(payload, codec));
            message.ack();
        } catch (RuntimeException e) {
            message.nakWithDelay(timing.retryDelay(delivery));
            log.atWarn().addKeyValue("consumer", name).addKeyValue("eventType", type).addKeyValue("delivery", delivery)
                    .setCause(e).log("Durable event handler failed; JetStream redelivers it later");
        }
    }

    /** Stops pulling; the events already on their way are still handled (see {@link #close()}). */
    void stopPulling() {
        running = false;
    }

    /** Stops pulling and waits until the last pull request has expired and what it brought is handled. */
    @Override
    public void close() {
        stopPulling();
        try {
            thread.join(DRAIN.plusSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(IterableConsumer consumer) {
        if (consumer == null) return;
        try {
            consumer.close();
        } catch (Exception ignored) {
            // already gone with its connection
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
