package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.platform.eventbus.durable.EventCodec;
import app.cloak.platform.eventbus.durable.Outbox;
import app.cloak.platform.eventbus.durable.RelayLoop;
import app.cloak.platform.eventbus.durable.RelayTiming;
import app.cloak.platform.eventbus.durable.Subscriptions;
import app.cloak.platform.persistence.AfterCommit;
import app.cloak.shared.DurableEvent;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster durable bus: events go through the shared outbox into JetStream stream {@code CLOAK_EVENTS}
 * (a relay woken after each commit, plus a sweep), and each consuming module pulls from its own durable
 * consumer, so every event is handled once per cluster per module, at least once.
 */
public final class JetStreamDomainEventBus implements DomainEventBus, SmartLifecycle {
    private final Subscriptions subscriptions = new Subscriptions();
    private final EventCodec codec = new EventCodec();
    private final Connection connection;
    private final EventStream stream;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final RelayTiming timing;
    private final RelayLoop relay;
    private final Map<String, JetStreamConsumer> consumers = new ConcurrentHashMap<>();
    private volatile boolean running;

    public JetStreamDomainEventBus(Connection connection, EventStream stream, Outbox outbox,
                                   PlatformTransactionManager transactions, RelayTiming timing) {
        this.connection = connection;
        this.stream = stream;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
        this.timing = timing;
        try {
            var relayPass = new JetStreamRelay(connection.jetStream(), stream, outbox, tx);
            this.relay = new RelayLoop("outbox-relay", timing.sweepInterval(), relayPass::pass);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void publish(DurableEvent event) {
        outbox.appendOnCommit(DomainEventBus.typeName(event.getClass()), codec.encode(event));
        AfterCommit.run(relay::wake);
    }

    @Override
    public <E extends DurableEvent> void subscribe(String consumer, Class<E> type, Consumer<? super E> handler) {
        subscriptions.add(consumer, type, handler);
        if (running) startConsumer(consumer);
    }

    @Override
    public <E extends DurableEvent> void subscribeInBatches(String consumer, Class<E> type, Consumer<? super java.util.List<E>> handler) {
        subscriptions.addBatched(consumer, type, handler);
        if (running) startConsumer(consumer);
    }

    @Override
    public synchronized void start() {
        if (running) return;
        stream.ensure(connection);
        relay.start();
        subscriptions.consumers().forEach(this::startConsumer);
        running = true;
    }

    private void startConsumer(String name) {
        consumers.computeIfAbsent(name, n -> {
            try {
                return new JetStreamConsumer(n, connection, stream, subscriptions, codec, tx, timing);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot open durable JetStream consumer " + n, e);
            }
        });
    }

    @Override
    public synchronized void stop() {
        running = false;
        consumers.values().forEach(JetStreamConsumer::stopPulling); // all at once: each drains for up to a second
        consumers.values().forEach(JetStreamConsumer::close);
        consumers.clear();
        relay.close();
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
