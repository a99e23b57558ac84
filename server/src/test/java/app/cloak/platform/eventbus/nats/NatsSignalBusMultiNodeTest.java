package app.cloak.platform.eventbus.nats;

import static app.cloak.platform.eventbus.SignalBusContract.bytes;
import static app.cloak.platform.eventbus.SignalBusContract.into;
import static app.cloak.platform.eventbus.SignalBusContract.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes, each with its own connection and bus: a signal crosses nodes, a closed listener hears no more. */
class NatsSignalBusMultiNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Connection connectionA = NatsTestServer.connect("node-a");
    private final Connection connectionB = NatsTestServer.connect("node-b");
    private final NatsSignalBus nodeA = new NatsSignalBus(connectionA, "cloak");
    private final NatsSignalBus nodeB = new NatsSignalBus(connectionB, "cloak");

    @AfterEach
    void close() throws InterruptedException {
        nodeA.close();
        nodeB.close();
        connectionA.close();
        connectionB.close();
    }

    @Test
    void a_signal_from_node_a_reaches_listeners_on_both_nodes() {
        String key = key("user.u_1");
        Queue<String> onA = new ConcurrentLinkedQueue<>();
        Queue<String> onB = new ConcurrentLinkedQueue<>();
        nodeA.listen(key, into(onA));
        nodeB.listen(key, into(onB));

        nodeA.signal(key, bytes("from-a"));
        nodeB.signal(key, bytes("from-b"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(onA).containsExactlyInAnyOrder("from-a", "from-b");
            assertThat(onB).containsExactlyInAnyOrder("from-a", "from-b");
        });
    }

    @Test
    void closing_a_listener_on_node_b_stops_delivery_there_only() {
        String key = key("device.d_1");
        Queue<String> onA = new ConcurrentLinkedQueue<>();
        Queue<String> onB = new ConcurrentLinkedQueue<>();
        nodeA.listen(key, into(onA));
        var registration = nodeB.listen(key, into(onB));
        nodeA.signal(key, bytes("1"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onB).containsExactly("1"));

        registration.close();
        nodeA.signal(key, bytes("2"));
        nodeA.signal(key, bytes("3"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(onA).containsExactly("1", "2", "3"));
        // Node B's connection delivers in order: once "4" reached a new listener there, a late "2" or "3"
        // for the closed one would have shown up already.
        Queue<String> laterOnB = new ConcurrentLinkedQueue<>();
        nodeB.listen(key, into(laterOnB));
        nodeA.signal(key, bytes("4"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(laterOnB).containsExactly("4"));
        assertThat(onB).containsExactly("1");
    }

    @Test
    void a_closed_node_hears_nothing_and_the_other_keeps_working() {
        String key = key("typing.c_1");
        Queue<String> onA = new ConcurrentLinkedQueue<>();
        Queue<String> onB = new ConcurrentLinkedQueue<>();
        nodeA.listen(key, into(onA));
        nodeB.listen(key, into(onB));
        nodeB.close();

        nodeA.signal(key, bytes("after-close"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(onA).containsExactly("after-close"));
        try (var restartedB = new NatsSignalBus(connectionB, "cloak")) {
            Queue<String> marker = new ConcurrentLinkedQueue<>();
            restartedB.listen(key, into(marker));
            nodeA.signal(key, bytes("marker"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(marker).containsExactly("marker"));
        }
        assertThat(onB).isEmpty();
    }

    @Test
    void clusters_in_different_namespaces_do_not_hear_each_other() {
        String key = key("user.u_1");
        Queue<String> sameCluster = new ConcurrentLinkedQueue<>();
        Queue<String> otherCluster = new ConcurrentLinkedQueue<>();
        nodeB.listen(key, into(sameCluster));
        try (var other = new NatsSignalBus(connectionB, NatsTestServer.uniqueNamespace())) {
            other.listen(key, into(otherCluster));
            nodeA.signal(key, bytes("ours"));
            other.signal(key, bytes("theirs"));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(sameCluster).containsExactly("ours");
                assertThat(otherCluster).containsExactly("theirs");
            });
        }
    }
}
