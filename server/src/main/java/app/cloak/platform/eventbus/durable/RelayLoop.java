package app.cloak.platform.eventbus.durable;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A thread that runs one relay pass when woken, and at least once per interval (the sweep). */
public final class RelayLoop implements AutoCloseable {
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
        while (running) {
            try {
                wakeups.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                if (running) pass.run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("relay", name).setCause(e).log("Outbox relay pass failed; retrying at the next sweep");
            }
        }
    }
}
