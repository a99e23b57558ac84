package app.cloak.platform.persistence;

import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Whether this node runs its transactions one at a time under one write lock (SQLite: {@link SqliteConnections} with
 * the {@link AfterCommitTransactionManager}), and whether the calling thread holds it now. A store may keep what a
 * transaction read for the next ones only where this holds: then nothing else writes meanwhile (one node owns a SQLite
 * file), and the store drops what it keeps whenever it writes.
 */
public final class SingleWriter {
    private static final SingleWriter NONE = new SingleWriter(null);
    private final ReentrantLock lock;

    private SingleWriter(ReentrantLock lock) {
        this.lock = lock;
    }

    /** The data source's write lock; none for a pool without one (PostgreSQL, or anything wrapping the SQLite one). */
    public static SingleWriter of(DataSource dataSource) {
        return dataSource instanceof SqliteConnections sqlite ? new SingleWriter(sqlite.writeLock()) : NONE;
    }

    /** Whether there is one write lock that every transaction holds. */
    public boolean exists() {
        return lock != null;
    }

    /** Whether the calling thread holds it: it is inside a transaction, and the only one. */
    public boolean heldHere() {
        return lock != null && lock.isHeldByCurrentThread();
    }
}
