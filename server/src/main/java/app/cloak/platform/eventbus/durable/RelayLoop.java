package app.cloak.platform.eventbus.durable;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that runs one relay pass when woken, and at least once per interval (the sweep). Passes start at least
 * {@link #MIN_GAP} apart: every send batch's commit wakes the relay, and on SQLite each pass is a write transaction
 * that the next send batch waits for, so under load one pass per batch cost the send writer a tenth of its time in
 * waiting for the write lock (BENCHMARKS.md, session 9). A wake-up after a quiet spell still runs at once.
 */
public final class RelayLoop implements AutoCloseable {
    /** Shortest time from one pass's start to the next one's. */
    static final Duration MIN_GAP = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);
    private final String name;
    private final Duration interval;
    private final Runnable pass;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public RelayLoop(String name, Duration interval, Runnable pass) {
        this.name = name;
        this.interval = interval;
        this.pass = pass;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        // A platform thread: a relay pass is database work (SQLite runs in native code, which would pin a virtual
        // thread to one of the few carriers) and runs for the node's lifetime anyway.
        thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    /** Asks for a pass soon; cheap, never blocks. */
    public void wake() {
        if (wakeups.availablePermits() == 0) wakeups.release();
    }

    @Override
    public synchronized void close() {
        if (!running) return;
        running = false;
        wakeups.release();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long lastStart = System.nanoTime() - MIN_GAP.toNanos();
        while (running) {
            try {
                wakeups.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                long wait = lastStart + MIN_GAP.toNanos() - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);      // wake-ups meanwhile join this pass
                wakeups.drainPermits();
                lastStart = System.nanoTime();
                if (running) pass.run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("relay", name).setCause(e).log("Outbox relay pass failed; retrying at the next sweep");
            }
        }
    }
}
