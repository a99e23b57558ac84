package app.cloak.testing;

import app.cloak.platform.persistence.Databases;
import app.cloak.platform.persistence.Dialect;
import app.cloak.platform.persistence.Migrations;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A real, freshly migrated database for one test class: a SQLite file in a temp folder, or a new
 * schema in the machine's PostgreSQL ({@code jdbc:postgresql://127.0.0.1:5432/test}, or
 * {@code CLOAK_TEST_POSTGRES_URL}). Migrations run exactly as in production.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String POSTGRES_URL = System.getenv().getOrDefault("CLOAK_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("CLOAK_TEST_POSTGRES_USER", "postgres");

    private final Dialect dialect;
    private final DataSource dataSource;
    private final String url;
    private final String schema;
    private final Path dir;

    private TestDatabase(Dialect dialect, DataSource dataSource, String url, String schema, Path dir) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.url = url;
        this.schema = schema;
        this.dir = dir;
        this.transactions = new app.cloak.platform.persistence.AfterCommitTransactionManager(dataSource);
    }

    private final app.cloak.platform.persistence.AfterCommitTransactionManager transactions;

    public static TestDatabase sqlite() {
        return sqlite(null);
    }

    /** A SQLite database migrated only up to {@code version}; {@link #migrate()} brings it up to date (upgrade tests). */
    public static TestDatabase sqliteUpTo(String version) {
        return sqlite(version);
    }

    private static TestDatabase sqlite(String upTo) {
        try {
            Path dir = Files.createTempDirectory("cloak-sqlite-");
            String url = Databases.sqliteUrl(dir, "NORMAL");
            var ds = Databases.sqlite(url, 4);     // as the server has it: one connection for write transactions
            if (upTo == null) Migrations.migrate(ds, Dialect.SQLITE);
            else Migrations.migrateUpTo(ds, Dialect.SQLITE, upTo);
            return new TestDatabase(Dialect.SQLITE, ds, url, null, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestDatabase postgres() {
        return postgres(null);
    }

    /** A PostgreSQL schema migrated only up to {@code version}; {@link #migrate()} brings it up to date (upgrade tests). */
    public static TestDatabase postgresUpTo(String version) {
        return postgres(version);
    }

    /** Runs every migration not yet applied, as a server start does. */
    public void migrate() {
        Migrations.migrate(dataSource, dialect);
    }

    private static TestDatabase postgres(String upTo) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + POSTGRES_URL + " is needed for this test (.ci/run starts it)", e);
        }
        String url = POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        HikariDataSource ds = Databases.pool(url, POSTGRES_USER, null, 8);
        if (upTo == null) Migrations.migrate(ds, Dialect.POSTGRES);
        else Migrations.migrateUpTo(ds, Dialect.POSTGRES, upTo);
        return new TestDatabase(Dialect.POSTGRES, ds, url, schema, null);
    }

    public static TestDatabase of(Dialect dialect) {
        return dialect == Dialect.SQLITE ? sqlite() : postgres();
    }

    public Dialect dialect() { return dialect; }
    /** On SQLite a {@link app.cloak.platform.persistence.SqliteConnections}, on PostgreSQL a Hikari pool. */
    public DataSource dataSource() { return dataSource; }
    public JdbcClient jdbc() { return JdbcClient.create(dataSource); }
    /** Transactions as the server makes them (on SQLite: one writer at a time, see AfterCommitTransactionManager). */
    public TransactionTemplate tx() { return new TransactionTemplate(transactions); }
    /** JDBC URL (for PostgreSQL it selects this test's schema). */
    public String url() { return url; }
    public String username() { return dialect == Dialect.POSTGRES ? POSTGRES_USER : null; }
    /** For SQLite: the folder holding {@code cloak.db}. */
    public Path directory() { return dir; }

    @Override
    public void close() {
        try {
            ((AutoCloseable) dataSource).close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException ignored) {
                // a leftover schema in the test database harms nothing
            }
        }
    }
}
