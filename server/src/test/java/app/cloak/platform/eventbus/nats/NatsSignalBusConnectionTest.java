package app.cloak.platform.eventbus.nats;

import static app.cloak.platform.eventbus.SignalBusContract.bytes;
import static app.cloak.platform.eventbus.SignalBusContract.into;
import static app.cloak.platform.eventbus.SignalBusContract.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node's NATS connection under strain. Many listens at once on one node (its clients reconnecting together): the node keeps its NATS connection, and every
 * listener hears what is signalled once its listen returned. With a flush per listen, jnats dropped the connection as
 * soon as more than two flushes were outstanding ("Max outgoing Ping count exceeded"), again and again, losing the
 * signals of the moment. And after a reconnect (signals sent meanwhile are lost), the node is told to catch up
 * once it listens again.
 */
class NatsSignalBusConnectionTest {
    private final Connection connection = NatsTestServer.connect("burst");
    private final NatsSignalBus bus = new NatsSignalBus(connection, NatsTestServer.uniqueNamespace());

    @AfterEach
    void close() throws InterruptedException {
        bus.close();
        connection.close();
    }

    @Test
    void a_burst_of_listens_keeps_the_connection_and_every_listener_hears() {
        int listeners = 300;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < listeners; i++) keys.add(key("user.u_" + i));
        Queue<String> heard = new ConcurrentLinkedQueue<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String k : keys) pool.submit(() -> bus.listen(k, into(heard)));
        }

        assertThat(connection.getStatistics().getReconnects()).as("reconnects during the burst").isZero();
        assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        for (String k : keys) bus.signal(k, bytes(k));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).containsExactlyInAnyOrderElementsOf(keys));
    }

    @Test
    void after_a_reconnect_the_catch_up_runs_once_the_node_listens_again() throws Exception {
        String k = key("user.u_back");
        Queue<String> heard = new ConcurrentLinkedQueue<>();
        bus.listen(k, into(heard));
        AtomicInteger caughtUp = new AtomicInteger();
        bus.onResumed(() -> {
            caughtUp.incrementAndGet();
            bus.signal(k, bytes("at catch-up"));   // listening again by then: this one is heard
        });

        connection.forceReconnect();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(caughtUp).hasValue(1);
            assertThat(heard).containsExactly("at catch-up");
        });
    }

    @Test
    void closing_a_burst_of_listeners_keeps_the_connection_and_they_hear_no_more() {
        int listeners = 3000;
        String shared = key("user.u_many");
        Queue<String> heard = new ConcurrentLinkedQueue<>();
        List<app.cloak.platform.eventbus.SignalBus.Registration> registrations = new ArrayList<>();
        for (int i = 0; i < listeners; i++) registrations.add(bus.listen(shared, into(heard)));
        bus.signal(shared, bytes("before"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).hasSize(listeners));

        heard.clear();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var r : registrations) pool.submit(r::close);
        }
        bus.signal(shared, bytes("after"));
        Queue<String> later = new ConcurrentLinkedQueue<>();
        bus.listen(shared, into(later));
        bus.signal(shared, bytes("later"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(later).containsExactly("later"));

        assertThat(heard).as("closed listeners").isEmpty();
        assertThat(connection.getStatistics().getReconnects()).as("reconnects").isZero();
    }
}
