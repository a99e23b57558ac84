package app.cloak.platform.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the connection pool for either database, with the SQLite settings we chose on purpose. */
public final class Databases {
    /** Prepared statements each SQLite connection keeps; the server runs a few hundred distinct statements. */
    static final int STATEMENTS_PER_CONNECTION = 256;

    private Databases() {}

    /** SQLite's page cache per connection by default, in MiB (SQLite's own default is 2 MiB). */
    public static final int DEFAULT_SQLITE_CACHE_MB = 32;

    public static String sqliteUrl(Path dataDir, String synchronous) {
        return sqliteUrl(dataDir, synchronous, null, false);
    }

    /**
     * Bytes a WAL file is cut back to when it starts over (SQLite's {@code journal_size_limit}). Above what a second of
     * steady sends writes between two checkpoints (about 115 MiB at 3,000 msg/s, where batches are small): at 64 MiB
     * the file was cut back and grown again every second, and the first commit after each start-over waited for it
     * (ack p99 at 3,000 msg/s 56–60 ms; 37 ms without the cutting, BENCHMARKS.md, session 10).
     */
    static final long WAL_SIZE_LIMIT = 256L << 20;

    /**
     * @param cacheMb page cache per connection in MiB (null: {@value #DEFAULT_SQLITE_CACHE_MB}). SQLite's own default is
     *                2 MiB; a write transaction of tens of thousands of rows (an import) touches far more index pages
     *                than that, and SQLite spills dirty pages to the WAL once its cache is full. (Measured: no
     *                difference between 8 and 256 MiB for 45,000-message imports, BENCHMARKS.md; it is a knob.)
     * @param backgroundCheckpoints no checkpoints in committing connections: a {@link WalCheckpointer} runs them.
     */
    public static String sqliteUrl(Path dataDir, String synchronous, Integer cacheMb, boolean backgroundCheckpoints) {
        int cache = cacheMb == null ? DEFAULT_SQLITE_CACHE_MB : cacheMb;
        if (cache < 1 || cache > 4096) throw new IllegalArgumentException("cloak.database.sqlite-cache-mb must be between 1 and 4096");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + dataDir, e);
        }
        String sync = synchronous == null || synchronous.isBlank() ? "FULL" : synchronous.toUpperCase();
        if (!sync.equals("FULL") && !sync.equals("NORMAL")) {
            throw new IllegalArgumentException("cloak.database.sqlite-synchronous must be FULL or NORMAL");
        }
        // WAL: readers never block the writer. IMMEDIATE: every transaction takes the write lock at BEGIN,
        // so two writers queue on busy_timeout instead of failing with SQLITE_BUSY on lock upgrade.
        // secure_delete: deleted rows (expired messages, deleted accounts) are overwritten with zeros,
        // not left behind in free pages. journal_size_limit: when the WAL starts over, a file that grew past
        // WAL_SIZE_LIMIT (a burst, an import) is cut back to it instead of keeping its largest size for good.
        // temp_store=MEMORY: a savepoint's journal (the send writer opens one per send) and temporary tables and sort
        // runs stay in memory; with files, every write batch created, wrote thousands of pages to and deleted a file
        // under /var/tmp (a sixth of the batch's time, BENCHMARKS.md, session 9). They last one statement or one
        // transaction, and the biggest (an import's sort for an index) are of the size of what is being written.
        return "jdbc:sqlite:" + dataDir.resolve("cloak.db").toAbsolutePath()
                + "?journal_mode=WAL&synchronous=" + sync + "&foreign_keys=true&busy_timeout=30000"
                + "&transaction_mode=IMMEDIATE&secure_delete=true&journal_size_limit=" + WAL_SIZE_LIMIT
                + "&cache_size=" + (-1024 * cache) + "&temp_store=MEMORY"
                + (backgroundCheckpoints ? "&wal_autocheckpoint=0" : "");
    }

    public static HikariDataSource pool(String url, String username, String password, int poolSize) {
        return pool(url, username, password, poolSize, "cloak-db", config -> {});
    }

    /**
     * SQLite: every write transaction on one connection (it keeps its page cache), the rest on a pool of
     * {@code readers}; see {@link SqliteConnections}. Give it to an {@link AfterCommitTransactionManager}.
     */
    public static SqliteConnections sqlite(String url, int readers) {
        return new SqliteConnections(url, readers);
    }

    static HikariDataSource pool(String url, String username, String password, int poolSize, String name,
                                 java.util.function.Consumer<HikariConfig> more) {
        HikariConfig config = new HikariConfig();
        if (url.startsWith("jdbc:sqlite:")) {
            config.setDataSource(new StatementCache(url, STATEMENTS_PER_CONNECTION));   // see StatementCache
        } else {
            config.setJdbcUrl(url);
        }
        if (username != null && !username.isBlank()) config.setUsername(username);
        if (password != null && !password.isBlank()) config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(name);
        more.accept(config);
        return new HikariDataSource(config);
    }
}
