package app.cloak.platform.eventbus.nats;

import static app.cloak.platform.eventbus.TestEvents.ids;
import static app.cloak.platform.eventbus.TestEvents.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.cloak.platform.eventbus.DomainEventBusContract;
import app.cloak.platform.eventbus.TestEvents.Pinged;
import app.cloak.platform.eventbus.durable.Outbox;
import app.cloak.platform.persistence.AfterCommitTransactionManager;
import app.cloak.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** Two nodes sharing PostgreSQL and JetStream, as in a cluster. */
class JetStreamDomainEventBusMultiNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final TestDatabase DB = TestDatabase.postgres();
    private final JetStreamNodes nodes = new JetStreamNodes(DB, DomainEventBusContract.FAST);
    private final TransactionTemplate tx = new TransactionTemplate(new AfterCommitTransactionManager(DB.dataSource()));
    private final Outbox outbox = new Outbox(DB.jdbc(), DB.dialect(), Clock.systemUTC());

    @AfterEach
    void stopNodes() throws Exception {
        nodes.close();
    }

    @AfterAll
    static void close() {
        DB.close();
    }

    @Test
    void each_event_is_handled_once_per_consumer_name_across_the_cluster() throws Exception {
        Queue<Pinged> indexedOnA = new ConcurrentLinkedQueue<>();
        Queue<Pinged> indexedOnB = new ConcurrentLinkedQueue<>();
        Queue<Pinged> audited = new ConcurrentLinkedQueue<>();
        var nodeA = nodes.node();
        var nodeB = nodes.node();
        nodeA.subscribe("indexer", Pinged.class, indexedOnA::add);
        nodeA.subscribe("audit", Pinged.class, audited::add);
        nodeB.subscribe("indexer", Pinged.class, indexedOnB::add);
        nodeA.start();
        nodeB.start();

        List<String> published = new ArrayList<>();
        for (int i = 0; i < 60; i++) published.add("e" + i);
        // Both nodes publish and relay at once, from the one shared outbox.
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < published.size(); i++) {
                var publisher = i % 2 == 0 ? nodeA : nodeB;
                String id = published.get(i);
                threads.submit(() -> tx.executeWithoutResult(s -> publisher.publish(ping(id))));
            }
        }

        await().atMost(WAIT).until(() -> indexedOnA.size() + indexedOnB.size() >= published.size());
        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(audited)).containsExactlyInAnyOrderElementsOf(published));
        List<String> indexed = new ArrayList<>(ids(indexedOnA));
        indexed.addAll(ids(indexedOnB));
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(published);
        assertThat(nodes.messagesInStream()).isEqualTo(published.size());
        assertThat(outbox.count()).isZero();
    }

    @Test
    void when_a_node_stops_the_other_handles_everything() {
        Queue<Pinged> onA = new ConcurrentLinkedQueue<>();
        Queue<Pinged> onB = new ConcurrentLinkedQueue<>();
        var nodeA = nodes.node();
        var nodeB = nodes.node();
        nodeA.subscribe("indexer", Pinged.class, onA::add);
        nodeB.subscribe("indexer", Pinged.class, onB::add);
        nodeA.start();
        nodeB.start();
        tx.executeWithoutResult(s -> nodeB.publish(ping("before")));
        await().atMost(WAIT).until(() -> onA.size() + onB.size() == 1);

        nodeB.stop();
        List<String> published = List.of("after1", "after2", "after3", "after4", "after5");
        published.forEach(id -> tx.executeWithoutResult(s -> nodeA.publish(ping(id))));

        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(onA)).containsAll(published));
        assertThat(ids(onB)).doesNotContainAnyElementsOf(published);
        assertThat(onA.size() + onB.size()).isEqualTo(1 + published.size());
    }
}
