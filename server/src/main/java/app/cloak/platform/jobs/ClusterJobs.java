package app.cloak.platform.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Periodic jobs that run once per cluster, not once per node. Every node ticks every job each period;
 * a tick takes or renews the job's {@link JobLeases lease} and runs the task only if this node holds it.
 * The holder keeps renewing, so the job stays on one node; if that node dies, its lease runs out and
 * the next node to tick takes over; a node that stops cleanly releases its leases at once.
 *
 * <p>A lease outlives a period (three periods unless told otherwise), so only a holder stalled for
 * longer than its lease can overlap with its successor: tasks must be idempotent and should bound the
 * work one run does. Ticks run on virtual threads; one job never overlaps itself on one node.
 */
public final class ClusterJobs implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final JobLeases leases;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public ClusterJobs(JobLeases leases) {
        this.leases = leases;
    }

    /** This node's lease holder id. */
    public String nodeId() {
        return leases.holder();
    }

    /** Runs {@code task} every {@code period} on one node, holding the lease for three periods. */
    public Job every(String name, Duration period, Runnable task) {
        return every(name, period, period.multipliedBy(3), task);
    }

    /** Like {@link #every(String, Duration, Runnable)} with an explicit lease length (longer than the period). */
    public Job every(String name, Duration period, Duration lease, Runnable task) {
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("Job " + name + ": period must be positive");
        if (lease.compareTo(period) <= 0) throw new IllegalArgumentException("Job " + name + ": the lease must outlast the period");
        Job job = new Job(name, period, lease, task);
        if (jobs.putIfAbsent(name, job) != null) throw new IllegalStateException("Job " + name + " is already registered");
        synchronized (this) {
            if (timer != null) schedule(job);
        }
        return job;
    }

    @Override
    public synchronized void start() {
        if (timer != null) return;
        timer = Executors.newScheduledThreadPool(2, Thread.ofVirtual().name("cluster-job-", 0).factory());
        jobs.values().forEach(this::schedule);
        log.info("Cluster jobs started on node {}", nodeId());
    }

    @Override
    public synchronized void stop() {
        if (timer == null) return;
        timer.shutdown(); // cancels future ticks; a running task finishes
        try {
            if (!timer.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) timer.shutdownNow();
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timer = null;
        for (Job job : List.copyOf(jobs.values())) job.release();
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    private void schedule(Job job) {
        long period = job.period.toMillis();
        timer.scheduleWithFixedDelay(job::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** One registered job on this node. */
    public final class Job {
        private final String name;
        private final Duration period;
        private final Duration lease;
        private final Runnable task;
        private final ReentrantLock busy = new ReentrantLock();

        private Job(String name, Duration period, Duration lease, Runnable task) {
            this.name = name;
            this.period = period;
            this.lease = lease;
            this.task = task;
        }

        public String name() {
            return name;
        }

        /**
         * One tick, as the schedule runs it: takes or renews the lease, then runs the task if this node
         * holds it. Returns whether the task ran (a failing task counts as run; it is logged, and the
         * job runs again next period).
         */
        public boolean tick() {
            if (!busy.tryLock()) return false;
            try {
                boolean holder;
                try {
                    holder = leases.acquire(name, lease);
                } catch (RuntimeException e) {
                    log.warn("Cluster job {}: cannot reach the lease table; skipping this tick", name, e);
                    return false;
                }
                if (!holder) return false;
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Cluster job {} failed", name, e);
                }
                return true;
            } finally {
                busy.unlock();
            }
        }

        /** Gives up this node's lease on the job (if held), e.g. when the node stops. */
        public void release() {
            try {
                leases.release(name);
            } catch (RuntimeException e) {
                log.warn("Cluster job {}: could not release the lease; it expires on its own", name, e);
            }
        }
    }
}
