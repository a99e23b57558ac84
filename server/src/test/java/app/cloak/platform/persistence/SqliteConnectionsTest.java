package app.cloak.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/** SQLite: every write transaction on the one write connection, whichever thread runs it; reads on the pool. */
class SqliteConnectionsTest {
    @TempDir
    Path dir;
    private SqliteConnections connections;
    private JdbcClient jdbc;
    private TransactionTemplate tx;

    @BeforeEach
    void open() {
        connections = Databases.sqlite(Databases.sqliteUrl(dir, "NORMAL", null, true), 3);
        jdbc = JdbcClient.create(connections);
        tx = new TransactionTemplate(new AfterCommitTransactionManager(connections));
        jdbc.sql("CREATE TABLE counter (n INT NOT NULL)").update();
        jdbc.sql("INSERT INTO counter VALUES (0)").update();
    }

    @AfterEach
    void close() {
        connections.close();
    }

    /** The physical connection under the pool's proxies: the same one for every write transaction, never a reader's. */
    @Test
    void write_transactions_share_one_connection_and_reads_use_others() throws Exception {
        Set<Object> writers = ConcurrentHashMap.newKeySet();
        Set<Object> readers = ConcurrentHashMap.newKeySet();
        List<Future<?>> all = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 40; i++) {
                all.add(threads.submit(() -> {
                    tx.executeWithoutResult(s -> writers.add(physical(DataSourceUtils.getConnection(connections))));
                    try (Connection read = connections.getConnection()) {
                        readers.add(physical(read));
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Future<?> f : all) f.get(60, TimeUnit.SECONDS);
        }
        assertThat(writers).hasSize(1);
        assertThat(readers).isNotEmpty().doesNotContainAnyElementsOf(writers);
    }

    private static Object physical(Connection c) {
        try {
            return c.unwrap(org.sqlite.SQLiteConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A second write transaction inside one (REQUIRES_NEW) cannot have the one connection: it fails at once, the outer one goes on. */
    @Test
    void a_new_transaction_inside_a_write_transaction_fails_fast() {
        var inner = new TransactionTemplate(tx.getTransactionManager());
        inner.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        long started = System.nanoTime();
        tx.executeWithoutResult(s -> {
            jdbc.sql("UPDATE counter SET n = 7").update();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> inner.executeWithoutResult(i -> {}))
                    .isInstanceOf(org.springframework.transaction.CannotCreateTransactionException.class);
        });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        assertThat(jdbc.sql("SELECT n FROM counter").query(Integer.class).single()).isEqualTo(7);
    }

    @Test
    void a_read_does_not_wait_for_an_open_write_transaction() throws Exception {
        var inside = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var writer = Thread.ofPlatform().start(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("UPDATE counter SET n = 41").update();
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        assertThat(jdbc.sql("SELECT n FROM counter").query(Integer.class).single()).isZero();   // the committed state
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        release.countDown();
        writer.join();
        assertThat(jdbc.sql("SELECT n FROM counter").query(Integer.class).single()).isEqualTo(41);
    }

    /** Many threads at once, platform and virtual: every transaction commits, in turn, none lost or failed. */
    @Test
    void concurrent_write_transactions_take_turns_on_the_one_connection() throws Exception {
        List<Future<?>> all = new ArrayList<>();
        try (var platform = Executors.newFixedThreadPool(4); var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                Runnable increment = () -> tx.executeWithoutResult(s -> jdbc.sql("UPDATE counter SET n = n + 1").update());
                all.add((i % 2 == 0 ? platform : virtual).submit(increment));
            }
            for (Future<?> f : all) f.get(60, TimeUnit.SECONDS);
        }
        assertThat(jdbc.sql("SELECT n FROM counter").query(Integer.class).single()).isEqualTo(200);
    }

    /** SQLite's {@code synchronous} level inside a transaction of this template (2 FULL, 1 NORMAL), after a write if asked. */
    private int levelIn(TransactionTemplate template, boolean write) {
        Integer level = template.execute(s -> {
            if (write) jdbc.sql("UPDATE counter SET n = n + 1").update();
            return jdbc.sql("PRAGMA synchronous").query(Integer.class).single();
        });
        return level;
    }

    /**
     * A redoable transaction (the outbox relay's) commits without syncing the WAL, every other one with the level
     * the node was configured with, whatever ran before it on the one write connection.
     */
    @Test
    void only_a_redoable_transaction_commits_without_a_sync() {
        connections.close();
        connections = Databases.sqlite(Databases.sqliteUrl(dir, "FULL", null, true), 3);
        jdbc = JdbcClient.create(connections);
        var manager = new AfterCommitTransactionManager(connections);
        tx = new TransactionTemplate(manager);
        TransactionTemplate redoable = Durability.redoable(manager);
        int full = 2, normal = 1;

        assertThat(levelIn(tx, false)).isEqualTo(full);
        assertThat(levelIn(redoable, true)).isEqualTo(normal);
        assertThat(levelIn(redoable, false)).isEqualTo(normal);
        assertThat(levelIn(tx, true)).isEqualTo(full);
        assertThatThrownBy(() -> redoable.executeWithoutResult(s -> {
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(levelIn(tx, false)).as("after a rolled-back redoable one").isEqualTo(full);
        assertThat(jdbc.sql("SELECT n FROM counter").query(Integer.class).single()).isEqualTo(2);
    }

    /** Configured NORMAL, every transaction stays NORMAL. */
    @Test
    void with_normal_configured_a_redoable_transaction_changes_nothing() {
        var manager = new AfterCommitTransactionManager(connections);
        assertThat(levelIn(Durability.redoable(manager), true)).isEqualTo(1);
        assertThat(levelIn(new TransactionTemplate(manager), true)).isEqualTo(1);
    }

    /**
     * The level to go back to is the one SQLite has on the write connection, not one guessed from the URL: with
     * {@code EXTRA} (3), a redoable transaction commits with NORMAL and the next one with EXTRA again, not FULL.
     */
    @Test
    void the_level_restored_after_a_redoable_transaction_is_the_one_sqlite_was_opened_with() {
        connections.close();
        String extra = Databases.sqliteUrl(dir, "FULL", null, true).replace("synchronous=FULL", "synchronous=EXTRA");
        assertThat(extra).contains("synchronous=EXTRA");
        connections = Databases.sqlite(extra, 3);
        jdbc = JdbcClient.create(connections);
        var manager = new AfterCommitTransactionManager(connections);
        assertThat(levelIn(new TransactionTemplate(manager), true)).isEqualTo(3);
        assertThat(levelIn(Durability.redoable(manager), true)).isEqualTo(1);
        assertThat(levelIn(new TransactionTemplate(manager), true)).isEqualTo(3);
    }
}
