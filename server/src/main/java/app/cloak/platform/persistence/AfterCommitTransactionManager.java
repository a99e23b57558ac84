package app.cloak.platform.persistence;

import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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

    /** Bound while a transaction commits: from its before-commit work on (see {@link #committing}). */
    private static final Object COMMITTING = new Object();

    /**
     * Whether the current transaction has begun to commit: its before-commit work is running, or it has committed. Work
     * deferred to before the commit ({@code beforeCommit}) must be done at once from here on: a synchronization
     * registered now is not called any more.
     */
    public static boolean committing() {
        return TransactionSynchronizationManager.hasResource(COMMITTING);
    }

    @Override
    protected void prepareForCommit(DefaultTransactionStatus status) {
        super.prepareForCommit(status);
        if (status.isNewTransaction() && TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.hasResource(COMMITTING)) {
            TransactionSynchronizationManager.bindResource(COMMITTING, Boolean.TRUE);
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        TransactionSynchronizationManager.unbindResourceIfPossible(COMMITTING);
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
