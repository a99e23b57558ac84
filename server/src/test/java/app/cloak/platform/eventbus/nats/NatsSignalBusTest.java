package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.SignalBusContract;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;

/** The contract over a real NATS server, one node. */
class NatsSignalBusTest implements SignalBusContract {
    private final Connection connection = NatsTestServer.connect("signal");
    private final NatsSignalBus bus = new NatsSignalBus(connection, "cloak");

    @Override
    public SignalBus bus() {
        return bus;
    }

    @AfterEach
    void close() throws InterruptedException {
        bus.close();
        connection.close();
    }
}
