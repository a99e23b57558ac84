package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.platform.eventbus.DomainEventBusContract;
import app.cloak.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/** The contract with JetStream and the cluster database (PostgreSQL); a stream of its own per test. */
class JetStreamDomainEventBusTest implements DomainEventBusContract {
    private static final TestDatabase DB = TestDatabase.postgres();
    private final JetStreamNodes nodes = new JetStreamNodes(DB, FAST);

    @Override
    public TestDatabase db() {
        return DB;
    }

    @Override
    public DomainEventBus newNode() {
        return nodes.node();
    }

    @AfterEach
    void stopNodes() throws Exception {
        nodes.close();
    }

    @AfterAll
    static void close() {
        DB.close();
    }
}
