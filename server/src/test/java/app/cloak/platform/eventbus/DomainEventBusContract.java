package app.cloak.platform.eventbus;

import static app.cloak.platform.eventbus.TestEvents.ids;
import static app.cloak.platform.eventbus.TestEvents.ping;
import static app.cloak.platform.eventbus.TestEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.cloak.platform.eventbus.TestEvents.Detail;
import app.cloak.platform.eventbus.TestEvents.Pinged;
import app.cloak.platform.eventbus.TestEvents.Ponged;
import app.cloak.platform.eventbus.durable.EventCodec;
import app.cloak.platform.eventbus.durable.Outbox;
import app.cloak.platform.eventbus.durable.RelayTiming;
import app.cloak.platform.persistence.AfterCommitTransactionManager;
import app.cloak.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/** What every DomainEventBus must do: at least once, after commit only, per consumer name, crash-safe. */
public interface DomainEventBusContract {
    Duration WAIT = Duration.ofSeconds(10);
    /** Quick sweeps and retries, so tests wait for tenths of seconds rather than seconds. */
    RelayTiming FAST = new RelayTiming(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1));

    TestDatabase db();

    /** A new bus node on {@link #db()}, not started yet; the implementing class stops it after the test. */
    DomainEventBus newNode();

    default DomainEventBus start(DomainEventBus node) {
        ((SmartLifecycle) node).start();
        return node;
    }

    /** Transactions as the application runs them (after-commit work once the connection is released). */
    default TransactionTemplate tx() {
        return new TransactionTemplate(new AfterCommitTransactionManager(db().dataSource()));
    }

    default Outbox outbox() {
        return new Outbox(db().jdbc(), db().dialect(), Clock.systemUTC());
    }

    @BeforeEach
    default void emptyOutbox() {
        db().jdbc().sql("DELETE FROM event_outbox").update();
        db().jdbc().sql("CREATE TABLE IF NOT EXISTS bus_test_effects (event_id TEXT NOT NULL, attempt INTEGER NOT NULL)").update();
    }

    @Test
    default void an_event_reaches_its_consumer_after_commit_and_a_rolled_back_one_never() {
        Queue<Pinged> got = new ConcurrentLinkedQueue<>();
        var bus = newNode();
        bus.subscribe("c1", Pinged.class, got::add);
        start(bus);
        String committed = uniqueId("committed");
        String rolledBack = uniqueId("rolled-back");
        String untransacted = uniqueId("no-tx");

        tx().executeWithoutResult(s -> {
            bus.publish(ping(committed));
            assertThat(got).isEmpty();
        });
        tx().executeWithoutResult(s -> {
            bus.publish(ping(rolledBack));
            s.setRollbackOnly();
        });
        bus.publish(ping(untransacted));

        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(got)).containsExactlyInAnyOrder(committed, untransacted));
        await().atMost(WAIT).until(() -> outbox().count() == 0);
        assertThat(ids(got)).doesNotContain(rolledBack);
    }

    @Test
    default void every_consumer_name_gets_each_event_of_its_types() {
        Queue<Object> first = new ConcurrentLinkedQueue<>();
        Queue<Object> second = new ConcurrentLinkedQueue<>();
        var bus = newNode();
        bus.subscribe("first", Pinged.class, first::add);
        bus.subscribe("second", Pinged.class, second::add);
        bus.subscribe("second", Ponged.class, second::add);
        start(bus);
        var pinged = ping(uniqueId("p"));
        var ponged = new Ponged(uniqueId("q"));

        tx().executeWithoutResult(s -> {
            bus.publish(pinged);
            bus.publish(ponged);
        });

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(first).containsExactly(pinged);
            assertThat(second).containsExactlyInAnyOrder(pinged, ponged);
        });
    }

    @Test
    default void a_failing_handler_gets_the_event_again_while_the_others_handle_it_once() {
        AtomicInteger attempts = new AtomicInteger();
        Queue<Pinged> flaky = new ConcurrentLinkedQueue<>();
        Queue<Pinged> steady = new ConcurrentLinkedQueue<>();
        var bus = newNode();
        bus.subscribe("flaky", Pinged.class, e -> {
            if (attempts.incrementAndGet() < 3) throw new IllegalStateException("index unavailable");
            flaky.add(e);
        });
        bus.subscribe("steady", Pinged.class, steady::add);
        start(bus);
        String id = uniqueId("retried");

        tx().executeWithoutResult(s -> bus.publish(ping(id)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(flaky)).containsExactly(id));
        assertThat(attempts).hasValue(3);
        assertThat(ids(steady)).containsExactly(id);
        await().atMost(WAIT).until(() -> outbox().count() == 0);
    }

    @Test
    default void a_failed_handlers_writes_roll_back() {
        AtomicInteger attempts = new AtomicInteger();
        var bus = newNode();
        bus.subscribe("writer", Pinged.class, e -> {
            int attempt = attempts.incrementAndGet();
            db().jdbc().sql("INSERT INTO bus_test_effects (event_id, attempt) VALUES (?, ?)").params(e.id(), attempt).update();
            if (attempt == 1) throw new IllegalStateException("fails after writing");
        });
        start(bus);
        String id = uniqueId("effect");

        tx().executeWithoutResult(s -> bus.publish(ping(id)));

        await().atMost(WAIT).until(() -> attempts.get() >= 2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(db().jdbc()
                .sql("SELECT attempt FROM bus_test_effects WHERE event_id = ?").param(id).query(Integer.class).list())
                .containsExactly(2));
    }

    @Test
    default void a_batched_handler_takes_each_event_once_and_a_bad_event_does_not_hold_up_the_others() {
        AtomicInteger badAttempts = new AtomicInteger();
        Queue<List<Pinged>> batches = new ConcurrentLinkedQueue<>();
        String bad = uniqueId("bad");
        List<String> good = List.of(uniqueId("g1"), uniqueId("g2"), uniqueId("g3"), uniqueId("g4"));
        var bus = newNode();
        bus.subscribeInBatches("batched", Pinged.class, events -> {
            batches.add(events);
            for (Pinged e : events) {
                db().jdbc().sql("INSERT INTO bus_test_effects (event_id, attempt) VALUES (?, ?)").params(e.id(), batches.size()).update();
                if (e.id().equals(bad) && badAttempts.incrementAndGet() < 3) throw new IllegalStateException("bad event");
            }
        });
        start(bus);

        tx().executeWithoutResult(s -> {
            bus.publish(ping(good.get(0)));
            bus.publish(ping(good.get(1)));
            bus.publish(ping(bad));
            bus.publish(ping(good.get(2)));
            bus.publish(ping(good.get(3)));
        });

        // Every event's effect is there exactly once: the writes of a failed batch or attempt rolled back.
        await().atMost(WAIT).untilAsserted(() -> assertThat(db().jdbc()
                .sql("SELECT event_id FROM bus_test_effects WHERE event_id IN (?, ?, ?, ?, ?)")
                .params(good.get(0), good.get(1), bad, good.get(2), good.get(3)).query(String.class).list())
                .containsExactlyInAnyOrder(good.get(0), good.get(1), bad, good.get(2), good.get(3)));
        await().atMost(WAIT).until(() -> outbox().count() == 0);
        assertThat(badAttempts).hasValue(3);
    }

    @Test
    default void events_left_in_the_outbox_by_a_crash_are_relayed_by_the_sweep() {
        String id = uniqueId("left-over");
        // The business transaction committed, then the node died before its after-commit relay ran:
        // a plain transaction manager writes the row and never relays it.
        db().tx().executeWithoutResult(s -> outbox().append("Pinged", new EventCodec().encode(ping(id))));
        Queue<Pinged> got = new ConcurrentLinkedQueue<>();
        var restarted = newNode();
        restarted.subscribe("c1", Pinged.class, got::add);
        start(restarted);

        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(got)).containsExactly(id));
        await().atMost(WAIT).until(() -> outbox().count() == 0);
    }

    @Test
    default void events_arrive_as_they_were_published() {
        Queue<Pinged> got = new ConcurrentLinkedQueue<>();
        var bus = newNode();
        bus.subscribe("c1", Pinged.class, got::add);
        start(bus);
        var event = new Pinged(uniqueId("full"), Long.MAX_VALUE, List.of("a", "ü ✓ 😀", "\"quoted\""),
                new Detail("line\nbreak", 0.25), null);

        tx().executeWithoutResult(s -> bus.publish(event));

        await().atMost(WAIT).untilAsserted(() -> assertThat(got).containsExactly(event));
    }

    @Test
    default void consumer_names_are_checked_and_one_handler_per_consumer_and_type() {
        var bus = newNode();
        bus.subscribe("search", Pinged.class, e -> {});
        assertThatThrownBy(() -> bus.subscribe("search", Pinged.class, e -> {})).isInstanceOf(IllegalStateException.class);
        for (String bad : List.of("", "a b", "a.b", "a*", "x".repeat(65))) {
            assertThatThrownBy(() -> bus.subscribe(bad, Ponged.class, e -> {})).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
