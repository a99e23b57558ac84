package app.cloak.platform.eventbus.memory;

import static app.cloak.platform.eventbus.TestEvents.ids;
import static app.cloak.platform.eventbus.TestEvents.ping;
import static app.cloak.platform.eventbus.TestEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.cloak.platform.eventbus.DomainEventBus;
import app.cloak.platform.eventbus.DomainEventBusContract;
import app.cloak.platform.eventbus.TestEvents.Pinged;
import app.cloak.platform.eventbus.TestEvents.Ponged;
import app.cloak.platform.persistence.AfterCommitTransactionManager;
import app.cloak.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
    void a_batched_handler_gets_the_events_of_a_relay_pass_in_one_list_in_order() {
        List<String> published = List.of(uniqueId("b1"), uniqueId("b2"), uniqueId("b3"), uniqueId("b4"), uniqueId("b5"));
        var bus = newNode();
        Queue<List<Pinged>> batches = new ConcurrentLinkedQueue<>();
        bus.subscribeInBatches("batched", Pinged.class, batches::add);
        // committed before the relay runs (a plain transaction, no wake-up): the first pass finds all five due
        db().tx().executeWithoutResult(s -> published.forEach(id -> bus.publish(ping(id))));
        start(bus);

        await().atMost(WAIT).until(() -> outbox().count() == 0);
        assertThat(batches).hasSize(1);
        assertThat(batches.peek().stream().map(Pinged::id).toList()).containsExactlyElementsOf(published);
    }

    /** A send is acknowledged once committed: its consumers (search, push) run afterwards, on the relay thread. */
    @Test
    void the_commit_returns_without_waiting_for_handlers_which_run_on_the_relay_thread() throws Exception {
        Queue<Pinged> got = new ConcurrentLinkedQueue<>();
        Queue<Thread> threads = new ConcurrentLinkedQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        var bus = start(newNode());
        bus.subscribe("c1", Pinged.class, e -> {
            hold(release);
            got.add(e);
            threads.add(Thread.currentThread());
        });
        String id = uniqueId("later");
        Thread committer;
        try (var executor = Executors.newSingleThreadExecutor()) {
            Future<Thread> commit = executor.submit(() -> {
                tx().executeWithoutResult(s -> bus.publish(ping(id)));
                return Thread.currentThread();
            });
            committer = commit.get(10, TimeUnit.SECONDS);    // returned while the handler is still held
        }
        assertThat(got).isEmpty();
        release.countDown();

        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(got)).containsExactly(id));
        await().atMost(WAIT).until(() -> outbox().count() == 0);
        assertThat(threads).doesNotContain(committer, Thread.currentThread());
    }

    /** Events that queued up while the relay was not running are handled together: one relay transaction per BATCH. */
    @Test
    void events_that_queued_up_are_relayed_in_batches_not_one_transaction_each() {
        Queue<String> got = new ConcurrentLinkedQueue<>();
        Set<Object> transactions = Collections.newSetFromMap(new IdentityHashMap<>());
        Object key = new Object();
        var bus = newNode();
        bus.subscribe("c1", Pinged.class, e -> {
            if (!TransactionSynchronizationManager.hasResource(key)) {
                TransactionSynchronizationManager.bindResource(key, new Object());
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResourceIfPossible(key);
                    }
                });
            }
            synchronized (transactions) {
                transactions.add(TransactionSynchronizationManager.getResource(key));
            }
            got.add(e.id());
        });
        int n = InProcessDomainEventBus.BATCH + 44;
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = uniqueId("burst" + i);
            sent.add(id);
            tx().executeWithoutResult(s -> bus.publish(ping(id)));   // committed while no relay runs (a busy or restarting node)
        }
        start(bus);

        await().atMost(WAIT).until(() -> got.size() == n);
        await().atMost(WAIT).until(() -> outbox().count() == 0);
        assertThat(got).containsExactlyElementsOf(sent);
        assertThat(transactions).hasSize(2);
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
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
        await().atMost(WAIT).until(() -> got.size() == 40);
        await().atMost(WAIT).until(() -> outbox().count() == 0);
    }
}
