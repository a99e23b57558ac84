package app.cloak.platform.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * SQLite's connections: every write transaction runs on one and the same connection, everything else on a pool.
 *
 * <p>In WAL mode a connection drops its whole page cache whenever another connection has committed since its last
 * transaction. With write transactions spread over a pool, the send writer and the outbox relay took turns, so each
 * started cold and read every index page it touched again (BENCHMARKS.md, session 7: {@code NativeDB.step} on
 * pages the transaction before had just written). One connection for all of them keeps its cache: its own commits
 * never invalidate it. Write transactions are serial on SQLite anyway ({@link AfterCommitTransactionManager} lets one
 * in at a time under {@link #writeLock()}), so the one connection is never asked for twice at once.
 */
public final class SqliteConnections extends AbstractDataSource implements AutoCloseable {
    private final HikariDataSource writer;
    private final HikariDataSource readers;
    private static final int NORMAL = 1;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /**
     * SQLite's {@code synchronous} level on the write connection as opened (configured by {@link Databases#sqliteUrl}):
     * 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. Read from SQLite itself, not from the URL.
     */
    private final int synchronous;
    /** Guarded by {@link #writeLock}: whether the holder's transaction may commit without a sync; whether the writer does. */
    private boolean relaxWanted;
    private boolean relaxed;

    SqliteConnections(String url, int readers) {
        // Kept for good (its cache is the point), and never waited for: a second connection asked for under the lock
        // (a REQUIRES_NEW inside a write transaction) fails at once instead of after Hikari's 30 s.
        this.writer = Databases.pool(url, null, null, 1, "cloak-db-writer", config -> {
            config.setMaxLifetime(0);
            config.setConnectionTimeout(250);
        });
        this.readers = Databases.pool(url, null, null, readers, "cloak-db", config -> {});
        try {
            this.synchronous = synchronousLevel(writer);
        } catch (SQLException | RuntimeException e) {
            close();
            throw new IllegalStateException("Cannot read SQLite's synchronous level: " + e.getMessage(), e);
        }
    }

    private static int synchronousLevel(HikariDataSource writer) throws SQLException {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement(); var level = s.executeQuery("PRAGMA synchronous")) {
            level.next();
            return level.getInt(1);
        }
    }

    /** Held from a transaction's begin to its cleanup; whoever holds it gets the write connection. */
    ReentrantLock writeLock() {
        return writeLock;
    }

    /**
     * Under the write lock: whether the transaction about to begin may commit without syncing the WAL (it is
     * {@link Durability#REDOABLE}). Takes effect when the write connection is next handed out, before its BEGIN:
     * SQLite refuses to change {@code synchronous} inside a transaction.
     */
    void relaxCommits(boolean relax) {
        relaxWanted = relax;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!writeLock.isHeldByCurrentThread()) return readers.getConnection();
        Connection c = writer.getConnection();
        boolean relax = relaxWanted && synchronous > NORMAL;
        if (relax != relaxed) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = " + (relax ? NORMAL : synchronous));
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            relaxed = relax;
        }
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public void close() {
        try {
            readers.close();
        } finally {
            writer.close();
        }
    }
}
