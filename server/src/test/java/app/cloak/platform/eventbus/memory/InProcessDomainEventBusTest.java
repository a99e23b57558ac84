package app.cloak.platform.eventbus.memory;

import static app.cloak.platform.eventbus.TestEvents.ids;
import static app.cloak.platform.eventbus.TestEvents.ping;
import static app.cloak.platform.eventbus.TestEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.platform.eventbus.DomainEventBusContract;
import app.cloak.platform.eventbus.TestEvents.Pinged;
import app.cloak.platform.eventbus.TestEvents.Ponged;
import app.cloak.platform.persistence.AfterCommitTransactionManager;
import app.cloak.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded bus on the embedded database (SQLite, pool of 4 as in production). */
class InProcessDomainEventBusTest implements DomainEventBusContract {
    private static final TestDatabase DB = TestDatabase.sqlite();
    private final List<InProcessDomainEventBus> nodes = new ArrayList<>();

    @Override
    public TestDatabase db() {
        return DB;
    }

    @Override
    public DomainEventBus newNode() {
        var node = new InProcessDomainEventBus(outbox(), new AfterCommitTransactionManager(DB.dataSource()), FAST);
        nodes.add(node);
        return node;
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(InProcessDomainEventBus::stop);
    }

    @AfterAll
    static void close() {
        DB.close();
    }

    @Test
    void handlers_run_on_the_committing_thread_before_the_transaction_call_returns() {
        Queue<Pinged> got = new ConcurrentLinkedQueue<>();
        Queue<Thread> threads = new ConcurrentLinkedQueue<>();
        var bus = start(newNode());
        bus.subscribe("c1", Pinged.class, e -> {
            got.add(e);
            threads.add(Thread.currentThread());
        });
        String id = uniqueId("now");

        tx().executeWithoutResult(s -> bus.publish(ping(id)));

        assertThat(ids(got)).containsExactly(id);
        assertThat(threads).containsExactly(Thread.currentThread());
        assertThat(outbox().count()).isZero();
    }

    @Test
    void events_nobody_consumes_are_not_written() {
        var bus = start(newNode());
        bus.subscribe("c1", Pinged.class, e -> {});
        Long inside = tx().execute(s -> {
            bus.publish(new Ponged(uniqueId("unwanted")));
            return outbox().count();
        });
        assertThat(inside).isZero();
    }

    /**
     * Many transactions committing at once on a pool of 4: the relay must not need a second connection
     * while the committed one is still held, or the pool runs dry (Hikari would time out after 30 s).
     */
    @Test
    void many_concurrent_commits_on_a_small_pool_all_deliver_without_starving_it() throws Exception {
        Queue<Pinged> got = new ConcurrentLinkedQueue<>();
        var bus = start(newNode());
        bus.subscribe("writer", Pinged.class, e -> {
            db().jdbc().sql("INSERT INTO bus_test_effects (event_id, attempt) VALUES (?, 1)").param(e.id()).update();
            got.add(e);
        });
        List<Future<?>> commits = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                String id = uniqueId("burst" + i);
                commits.add(threads.submit(() -> tx().executeWithoutResult(s -> bus.publish(ping(id)))));
            }
            for (Future<?> commit : commits) commit.get(20, TimeUnit.SECONDS);
        }
        assertThat(got).hasSize(40);
        assertThat(outbox().count()).isZero();
    }
}
