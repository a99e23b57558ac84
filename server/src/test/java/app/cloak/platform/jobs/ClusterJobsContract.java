package app.cloak.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.MutableClock;
import app.cloak.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Cluster-once jobs on every database we support: two "nodes" (lease holders with their own ids) share
 * one database and one clock the test moves, and tick the same job as their schedules would.
 */
interface ClusterJobsContract {
    Duration PERIOD = Duration.ofSeconds(30);
    Duration LEASE = Duration.ofSeconds(90);

    TestDatabase db();

    /** A node: its own holder id and job runner, on the shared database. */
    final class Node {
        final String id;
        final ClusterJobs jobs;
        final AtomicInteger runs = new AtomicInteger();

        Node(TestDatabase db, Clock clock, String id) {
            this.id = id;
            this.jobs = new ClusterJobs(new JobLeases(db.jdbc(), clock, id));
        }

        ClusterJobs.Job job(String name) {
            return jobs.every(name, PERIOD, LEASE, runs::incrementAndGet);
        }
    }

    private static String jobName() {
        return "test-" + UUID.randomUUID();
    }

    /** Both nodes tick at the same moment, as two schedules may; returns how many ran the task. */
    private static int tickTogether(ClusterJobs.Job a, ClusterJobs.Job b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> ticks = new ArrayList<>();
            for (var job : List.of(a, b)) {
                ticks.add(pool.submit(() -> {
                    go.await();
                    return job.tick();
                }));
            }
            go.countDown();
            int ran = 0;
            for (var tick : ticks) if (tick.get(30, TimeUnit.SECONDS)) ran++;
            return ran;
        }
    }

    @Test
    default void two_nodes_racing_exactly_one_runs_per_period() throws Exception {
        var clock = MutableClock.startingNow();
        var a = new Node(db(), clock, "node-a");
        var b = new Node(db(), clock, "node-b");
        String name = jobName();
        var jobA = a.job(name);
        var jobB = b.job(name);
        for (int period = 0; period < 10; period++) {
            assertThat(tickTogether(jobA, jobB)).as("nodes that ran in period %d", period).isEqualTo(1);
            clock.advance(PERIOD);
        }
        // The first winner renewed its lease every period, so the job stayed on one node.
        assertThat(List.of(a.runs.get(), b.runs.get())).containsExactlyInAnyOrder(10, 0);
        String holder = a.runs.get() == 10 ? "node-a" : "node-b";
        assertThat(new JobLeases(db().jdbc(), clock, "observer").current(name)).get()
                .satisfies(lease -> assertThat(lease.holder()).isEqualTo(holder));
    }

    @Test
    default void a_fresh_lease_is_won_by_exactly_one_of_many_racers() throws Exception {
        var clock = MutableClock.startingNow();
        var a = new Node(db(), clock, "node-a");
        var b = new Node(db(), clock, "node-b");
        for (int round = 0; round < 20; round++) {
            String name = jobName();
            assertThat(tickTogether(a.job(name), b.job(name))).as("winners of round %d", round).isEqualTo(1);
        }
        assertThat(a.runs.get() + b.runs.get()).isEqualTo(20);
    }

    @Test
    default void an_expired_lease_hands_over_to_the_other_node() {
        var clock = MutableClock.startingNow();
        var a = new Node(db(), clock, "node-a");
        var b = new Node(db(), clock, "node-b");
        String name = jobName();
        var jobA = a.job(name);
        var jobB = b.job(name);
        assertThat(jobA.tick()).isTrue();
        assertThat(jobB.tick()).isFalse();

        // Node A dies without releasing: B keeps ticking, and takes over once A's lease has run out.
        clock.advance(PERIOD);
        assertThat(jobB.tick()).isFalse();
        clock.advance(PERIOD);
        assertThat(jobB.tick()).isFalse();
        clock.advance(PERIOD); // A's lease ends exactly now
        assertThat(jobB.tick()).isTrue();
        assertThat(b.runs.get()).isEqualTo(1);

        // A comes back (same id, e.g. after a long pause): B holds the lease now, so A does not run.
        clock.advance(PERIOD);
        assertThat(jobA.tick()).isFalse();
        assertThat(jobB.tick()).isTrue();
        assertThat(a.runs.get()).isEqualTo(1);
        assertThat(b.runs.get()).isEqualTo(2);
    }

    @Test
    default void a_node_that_stops_releases_its_lease_at_once() {
        var clock = MutableClock.startingNow();
        var a = new Node(db(), clock, "node-a");
        var b = new Node(db(), clock, "node-b");
        String name = jobName();
        var jobA = a.job(name);
        var jobB = b.job(name);
        a.jobs.start(); // its schedule would tick after a period of real time; the test ticks by hand
        assertThat(jobA.tick()).isTrue();
        assertThat(jobB.tick()).isFalse();

        a.jobs.stop();
        assertThat(a.jobs.isRunning()).isFalse();
        assertThat(jobB.tick()).as("no waiting for the lease to run out").isTrue();
    }

    @Test
    default void a_failing_task_keeps_its_node_and_runs_again_next_period() {
        var clock = MutableClock.startingNow();
        var a = new ClusterJobs(new JobLeases(db().jdbc(), clock, "node-a"));
        var b = new Node(db(), clock, "node-b");
        String name = jobName();
        AtomicInteger attempts = new AtomicInteger();
        var failing = a.every(name, PERIOD, LEASE, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        var jobB = b.job(name);
        assertThat(failing.tick()).isTrue();
        clock.advance(PERIOD);
        assertThat(jobB.tick()).isFalse();
        assertThat(failing.tick()).isTrue();
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(b.runs.get()).isZero();
    }

    @Test
    default void jobs_with_different_names_have_their_own_leases() {
        var clock = MutableClock.startingNow();
        var a = new Node(db(), clock, "node-a");
        var b = new Node(db(), clock, "node-b");
        assertThat(a.job(jobName()).tick()).isTrue();
        assertThat(b.job(jobName()).tick()).isTrue();
    }

    /** The real schedule on two nodes: the job keeps running, and always on the same node. */
    @Test
    default void scheduled_jobs_run_on_one_node_only() throws Exception {
        Clock clock = Clock.systemUTC();
        String name = jobName();
        List<ClusterJobs> nodes = new ArrayList<>();
        AtomicInteger runsA = new AtomicInteger();
        AtomicInteger runsB = new AtomicInteger();
        try {
            for (var runs : List.of(runsA, runsB)) {
                var node = new ClusterJobs(new JobLeases(db().jdbc(), clock, "node-" + nodes.size()));
                // Ticks every 20 ms, but a lease of an hour: a slow machine cannot cause a handover here.
                node.every(name, Duration.ofMillis(20), Duration.ofHours(1), runs::incrementAndGet);
                node.start();
                nodes.add(node);
            }
            Instant deadline = Instant.now().plusSeconds(30);
            while (runsA.get() + runsB.get() < 5 && Instant.now().isBefore(deadline)) Thread.sleep(10);
            assertThat(runsA.get() + runsB.get()).isGreaterThanOrEqualTo(5);
            assertThat(Math.min(runsA.get(), runsB.get())).as("runs on the node without the lease").isZero();
        } finally {
            nodes.forEach(ClusterJobs::stop);
        }
    }
}
