package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.NatsSettings;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.UUID;

/**
 * The machine's NATS with JetStream ({@code nats://127.0.0.1:4222}, or {@code CLOAK_TEST_NATS_URL});
 * .ci/run starts it. Each connection stands for one cluster node.
 */
final class NatsTestServer {
    static final String URL = System.getenv().getOrDefault("CLOAK_TEST_NATS_URL", "nats://127.0.0.1:4222");

    private NatsTestServer() {}

    static Connection connect(String node) {
        return NatsConnections.connect(new NatsSettings(URL, null, null, null), "cloak-test-" + node);
    }

    /** A stream of its own (name and subjects), so test runs and other users of the server never meet. */
    static EventStream uniqueStream() {
        return EventStream.of(new NatsSettings(URL, null, Duration.ofMinutes(10), uniqueNamespace()));
    }

    static String uniqueNamespace() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static void delete(Connection connection, EventStream stream) {
        try {
            connection.jetStreamManagement().deleteStream(stream.name());
        } catch (Exception ignored) {
            // a leftover test stream expires with its max age
        }
    }
}
