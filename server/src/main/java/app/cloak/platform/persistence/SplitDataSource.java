package app.cloak.platform.persistence;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The node's data source: transactions take their connection from a pool of their own, everything
 * else (autocommit reads) from the read pool.
 *
 * <p>Why: a message to a 256-member group makes 256 devices read the change feed at once, each with a
 * handful of autocommit queries. With one shared pool, the next send batch and the outbox relay queued
 * for a connection behind all of them, so acks and the next batch waited for the whole fan-out. With
 * their own pool, transactions never wait for readers (on SQLite they already queue for each other in
 * {@link AfterCommitTransactionManager}, one at a time).
 *
 * <p>{@link AfterCommitTransactionManager} marks the moment it opens a transaction's connection; any
 * other manager (or none) gets read connections, which is what a plain pool would have given it.
 */
public final class SplitDataSource extends AbstractDataSource implements Closeable {
    private static final ThreadLocal<Boolean> OPENING_TRANSACTION = new ThreadLocal<>();

    private final DataSource reads;
    private final DataSource transactions;

    public SplitDataSource(DataSource reads, DataSource transactions) {
        this.reads = reads;
        this.transactions = transactions;
    }

    /** Runs {@code begin} so that the connection it asks for comes from the transaction pool. */
    static void openingTransaction(Runnable begin) {
        Boolean outer = OPENING_TRANSACTION.get();
        OPENING_TRANSACTION.set(Boolean.TRUE);
        try {
            begin.run();
        } finally {
            if (outer == null) OPENING_TRANSACTION.remove();
            else OPENING_TRANSACTION.set(outer);
        }
    }

    private DataSource pool() {
        return OPENING_TRANSACTION.get() != null ? transactions : reads;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool().getConnection(username, password);
    }

    DataSource reads() {
        return reads;
    }

    DataSource transactions() {
        return transactions;
    }

    @Override
    public void close() {
        closeQuietly(transactions);
        closeQuietly(reads);
    }

    private static void closeQuietly(DataSource ds) {
        if (ds instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on shutdown: nothing left to do with it
            }
        }
    }
}
