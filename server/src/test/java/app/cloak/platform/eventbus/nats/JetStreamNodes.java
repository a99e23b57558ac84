package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.durable.Outbox;
import app.cloak.platform.eventbus.durable.RelayTiming;
import app.cloak.platform.persistence.AfterCommitTransactionManager;
import app.cloak.testing.TestDatabase;
import io.nats.client.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Cluster nodes for tests: each its own NATS connection and bus, all sharing one database and one
 * stream of their own.
 */
final class JetStreamNodes implements AutoCloseable {
    private final TestDatabase db;
    private final RelayTiming timing;
    final EventStream stream = NatsTestServer.uniqueStream();
    private final List<Connection> connections = new ArrayList<>();
    private final List<JetStreamDomainEventBus> buses = new ArrayList<>();

    JetStreamNodes(TestDatabase db, RelayTiming timing) {
        this.db = db;
        this.timing = timing;
    }

    JetStreamDomainEventBus node() {
        Connection connection = NatsTestServer.connect("node-" + (connections.size() + 1));
        connections.add(connection);
        var bus = new JetStreamDomainEventBus(connection, stream, new Outbox(db.jdbc(), db.dialect(), Clock.systemUTC()),
                new AfterCommitTransactionManager(db.dataSource()), timing);
        buses.add(bus);
        return bus;
    }

    long messagesInStream() throws Exception {
        return connections.getFirst().jetStreamManagement().getStreamInfo(stream.name()).getStreamState().getMsgCount();
    }

    @Override
    public void close() throws Exception {
        // The stream goes first: that ends the consumers' open pull requests, so stopping need not
        // wait for them to expire as a graceful stop in production does.
        if (!connections.isEmpty()) NatsTestServer.delete(connections.getFirst(), stream);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var bus : buses) threads.execute(bus::stop);
        }
        for (Connection connection : connections) connection.close();
    }
}
