package app.cloak.platform.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * SQLite's WAL checkpoints, on a background thread of their own. By default SQLite checkpoints in the connection
 * that commits, once the WAL holds 1,000 pages: the commit of an import (tens of MB of pages) then also copied them
 * all into the database file and synced it before the request could answer, and a send now and then paid for a
 * checkpoint inside its acknowledgement. The node's connections have {@code wal_autocheckpoint=0}
 * ({@link Databases#sqliteUrl}); this runs a PASSIVE checkpoint every interval instead (it copies what it can
 * without waiting for readers or the writer), and a TRUNCATE one at shutdown.
 *
 * <p>Under sustained writes that alone never lets the WAL start over: SQLite begins it anew only when a write
 * transaction starts with every frame copied, and a PASSIVE checkpoint that runs beside the writer is always behind
 * by the frames committed while it copied. The WAL then grew without end (5.5 GB in a minute of 5,000 sends/s,
 * BENCHMARKS.md, session 8), and with it the cost of every page lookup in its index: sends became steadily slower.
 * So whenever the WAL holds frames, a second checkpoint runs right after the first, holding the node's write lock
 * ({@link SqliteConnections#writeLock()}): no transaction writes meanwhile, it copies only what was committed
 * during the first, and once all is copied the next write transaction starts the WAL over. It never waits for a
 * reader: one still reading an older snapshot just leaves the start-over to the next interval.
 */
final class WalCheckpointer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    /** What one checkpoint reported: SQLite's busy flag, frames in the WAL, frames now copied to the database. */
    record Result(boolean busy, int walFrames, int checkpointed) {}

    private final DataSource dataSource;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    /** @param dataSource the SQLite pool; null on PostgreSQL, where this does nothing */
    WalCheckpointer(DataSource dataSource, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("cloak.database.sqlite-checkpoint-interval must be positive");
        }
        this.dataSource = dataSource;
        this.interval = interval;
    }

    /**
     * Holding the node's write lock: a PASSIVE checkpoint copies every frame (bar those an older snapshot still
     * reads), so the next write transaction starts the WAL over. Null for a plain pool (no write lock to take).
     */
    Result catchUp() throws SQLException {
        if (!(dataSource instanceof SqliteConnections connections)) return null;
        var lock = connections.writeLock();
        lock.lock();
        try {
            return checkpoint("PASSIVE");
        } finally {
            lock.unlock();
        }
    }

    /** One checkpoint now ({@code PASSIVE} or {@code TRUNCATE}). */
    Result checkpoint(String mode) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
            return new Result(rs.getInt(1) != 0, rs.getInt(2), rs.getInt(3));
        }
    }

    private void tick() {
        try {
            Result r = checkpoint("PASSIVE");
            if (r.walFrames() > 0) log.debug("WAL checkpoint: {} of {} frames copied", r.checkpointed(), r.walFrames());
            // Its figures are those of when it began: the frames committed while it copied are not among them.
            if (r.walFrames() > 0) {
                Result rest = catchUp();
                if (rest != null) log.debug("WAL checkpoint under the write lock: {} of {} frames copied", rest.checkpointed(), rest.walFrames());
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("WAL checkpoint failed; trying again in {}", interval, e);
        }
    }

    @Override
    public void start() {
        if (dataSource == null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sqlite-checkpoint").daemon().factory());
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        if (!running) return;
        running = false;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            checkpoint("TRUNCATE");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            log.warn("final WAL checkpoint failed (the next start replays the WAL)", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after everything that uses the database has (late in shutdown), starts before them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }
}
