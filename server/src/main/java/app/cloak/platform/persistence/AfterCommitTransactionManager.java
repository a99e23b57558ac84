package app.cloak.platform.persistence;

import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The node's transaction manager: Spring's JDBC one, telling {@link AfterCommit} when a physical
 * transaction begins and when it has handed its connection back, so after-commit work runs without
 * holding a connection.
 *
 * <p>On SQLite it also lets one transaction at a time in (every SQLite transaction here is a write
 * transaction: {@code BEGIN IMMEDIATE}). Waiting for SQLite's own lock happens inside native code,
 * which pins a virtual thread to its carrier; with a carrier per core, two pinned waiters on two
 * cores starve the holder of the lock until the busy timeout. Waiting on a Java lock instead parks
 * the virtual thread and frees the carrier. A {@link Durability#REDOABLE} transaction commits there
 * without syncing the WAL.
 */
public class AfterCommitTransactionManager extends JdbcTransactionManager {
    private final ReentrantLock writer;
    private final SqliteConnections sqlite;

    /** On SQLite ({@link SqliteConnections}) one transaction at a time, under its write lock; otherwise no lock. */
    public AfterCommitTransactionManager(DataSource dataSource) {
        super(dataSource);
        this.sqlite = dataSource instanceof SqliteConnections connections ? connections : null;
        this.writer = sqlite != null ? sqlite.writeLock() : null;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        if (writer != null) {
            writer.lock();
            sqlite.relaxCommits(Durability.REDOABLE.equals(definition.getName()));
        }
        try {
            super.doBegin(transaction, definition);
        } catch (RuntimeException | Error e) {
            if (writer != null) {
                sqlite.relaxCommits(false);
                writer.unlock();
            }
            throw e;
        }
        AfterCommit.opened();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            if (writer != null && writer.isHeldByCurrentThread()) {
                sqlite.relaxCommits(false);
                writer.unlock();
            }
            AfterCommit.released();
        }
    }
}
