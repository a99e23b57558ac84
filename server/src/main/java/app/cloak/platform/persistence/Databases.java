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

    public static String sqliteUrl(Path dataDir, String synchronous) {
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
        // not left behind in free pages.
        return "jdbc:sqlite:" + dataDir.resolve("cloak.db").toAbsolutePath()
                + "?journal_mode=WAL&synchronous=" + sync + "&foreign_keys=true&busy_timeout=30000"
                + "&transaction_mode=IMMEDIATE&secure_delete=true";
    }

    public static HikariDataSource pool(String url, String username, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        if (url.startsWith("jdbc:sqlite:")) {
            config.setDataSource(new StatementCache(url, STATEMENTS_PER_CONNECTION));   // see StatementCache
        } else {
            config.setJdbcUrl(url);
        }
        if (username != null && !username.isBlank()) config.setUsername(username);
        if (password != null && !password.isBlank()) config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("cloak-db");
        return new HikariDataSource(config);
    }
}
