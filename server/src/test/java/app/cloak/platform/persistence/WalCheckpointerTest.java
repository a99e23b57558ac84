package app.cloak.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The node's SQLite connections leave WAL checkpoints to the background checkpointer. */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    /** About 8 MB of rows in one transaction: far more than SQLite's 1,000-page auto-checkpoint threshold. */
    private static void write(JdbcClient jdbc) {
        jdbc.sql("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v BLOB)").update();
        jdbc.sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                + "INSERT INTO t (v) SELECT randomblob(4000) FROM n").update();
    }

    @Test
    void commitsDoNotCheckpointAndTheCheckpointerCopiesTheWholeWal() throws Exception {
        try (var pool = Databases.pool(Databases.sqliteUrl(dir, "FULL", null, true), null, null, 2)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            assertThat(jdbc.sql("PRAGMA wal_autocheckpoint").query(Long.class).single()).isZero();
            write(jdbc);
            assertThat(Files.size(dir.resolve("cloak.db"))).as("the commit copied nothing into the database file").isLessThan(1_000_000);
            var result = new WalCheckpointer(pool, Duration.ofSeconds(1)).checkpoint("PASSIVE");
            assertThat(result.walFrames()).as("frames in the WAL after the commit").isGreaterThan(1_900);
            assertThat(result.checkpointed()).isEqualTo(result.walFrames());
            assertThat(result.busy()).isFalse();
        }
    }

    @Test
    void itRunsOnItsOwnAndTruncatesTheWalAtShutdown() throws Exception {
        try (var pool = Databases.pool(Databases.sqliteUrl(dir, "FULL", null, true), null, null, 2)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            var checkpointer = new WalCheckpointer(pool, Duration.ofMillis(50));
            checkpointer.start();
            write(jdbc);
            Path db = dir.resolve("cloak.db");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.size(db) < 8_000_000 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(Files.size(db)).as("the rows reached the database file without any commit checkpointing").isGreaterThan(8_000_000);
            checkpointer.stop();
            assertThat(Files.size(dir.resolve("cloak.db-wal"))).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM t").query(Long.class).single()).isEqualTo(2000);
        }
    }

    /**
     * A writer that never pauses: a PASSIVE checkpoint beside it is always behind, and the WAL never started over
     * (it grew by every byte written). With the catch-up under the write lock it starts over every interval.
     */
    @Test
    void underSustainedWritesTheWalStartsOverAndStaysSmall() throws Exception {
        try (var connections = Databases.sqlite(Databases.sqliteUrl(dir, "NORMAL", null, true), 2)) {
            var tx = new org.springframework.transaction.support.TransactionTemplate(new AfterCommitTransactionManager(connections));
            JdbcClient jdbc = JdbcClient.create(connections);
            tx.executeWithoutResult(s -> jdbc.sql("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)").update());
            var checkpointer = new WalCheckpointer(connections, Duration.ofMillis(20));
            checkpointer.start();
            long written = 0;
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            long largestWal = 0;
            try {
                while (System.nanoTime() < until) {
                    // 10 rows of 4 KB a commit, each commit also rewriting the rows of the one before
                    tx.executeWithoutResult(s -> {
                        jdbc.sql("DELETE FROM t WHERE id < (SELECT COALESCE(MAX(id), 0) - 10 FROM t)").update();
                        jdbc.sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) "
                                + "INSERT INTO t (v) SELECT randomblob(4000) FROM n").update();
                    });
                    written += 40_000;
                    largestWal = Math.max(largestWal, Files.size(dir.resolve("cloak.db-wal")));
                }
            } finally {
                checkpointer.stop();
            }
            assertThat(written).as("enough written to tell").isGreaterThan(20_000_000);
            assertThat(largestWal).as("the WAL started over again and again: never more than a fraction of all written")
                    .isLessThan(written / 4);
        }
    }

    @Test
    void onPostgresqlItDoesNothing() {
        var checkpointer = new WalCheckpointer(null, Duration.ofSeconds(1));
        checkpointer.start();
        assertThat(checkpointer.isRunning()).isFalse();
        checkpointer.stop();
    }
}
