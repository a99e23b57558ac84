package app.cloak.platform.persistence.bench;

import app.cloak.platform.persistence.AfterCommitTransactionManager;
import app.cloak.platform.persistence.Databases;
import app.cloak.platform.persistence.Dialect;
import app.cloak.platform.persistence.Migrations;
import app.cloak.platform.persistence.SplitDataSource;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send writer's path under a group fan-out, on SQLite ({@code synchronous=FULL}, as the server runs):
 * per message, one write transaction (the send batch), then 256 "devices" each read the feed with 8
 * autocommit queries (what a poke costs), while the writer runs its second transaction (the outbox relay)
 * and only then could ack. Measures the writer's time from the start of the batch to the end of the relay,
 * with one shared pool of 4 (before) and with transactions on a pool of their own (after, SplitDataSource).
 * Not part of the test suite: the class name matches no Surefire pattern and it only runs with
 * {@code -Dbench.pool=true}. See BENCHMARKS.md for the command.
 */
class PoolContentionBenchmark {
    private static final int DEVICES = 256;
    private static final int QUERIES_PER_READ = 8;

    @Test
    @EnabledIfSystemProperty(named = "bench.pool", matches = "true")
    void writer_under_fan_out() throws Exception {
        int messages = Integer.getInteger("bench.messages", 60);
        int rounds = Integer.getInteger("bench.rounds", 3);
        for (int round = 1; round <= rounds; round++) {
            for (boolean split : new boolean[] {false, true}) {
                Path dir = Files.createTempDirectory("cloak-pool-bench-");
                String url = Databases.sqliteUrl(dir, "FULL");
                HikariDataSource tx = Databases.pool(url, null, null, split ? 2 : 4, "bench-tx");
                Migrations.migrate(tx, Dialect.SQLITE);
                HikariDataSource reads = split ? Databases.pool(url, null, null, 4, "bench-reads") : null;
                DataSource ds = split ? new SplitDataSource(reads, tx) : tx;
                try {
                    long[] ms = run(ds, messages);
                    System.out.printf("round %d %-22s writer batch→relay end: p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms  (%d messages)%n",
                            round, split ? "after (split pools)" : "before (one pool of 4)",
                            pct(ms, 0.5), pct(ms, 0.9), pct(ms, 0.99), ms[ms.length - 1] / 1e6, messages);
                } finally {
                    if (reads != null) reads.close();
                    tx.close();
                }
            }
        }
    }

    private static long[] run(DataSource ds, int messages) throws Exception {
        var jdbc = JdbcClient.create(ds);
        var tm = new AfterCommitTransactionManager(ds, true);
        var txs = new TransactionTemplate(tm);
        jdbc.sql("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, body TEXT)").update();
        List<Long> out = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CountDownLatch> pending = new ArrayList<>();
            for (int m = 0; m < messages; m++) {
                long start = System.nanoTime();
                int id = m;
                txs.executeWithoutResult(s -> {                                     // the send batch
                    jdbc.sql("INSERT INTO bench_rows (id, body) VALUES (?, ?)").params(id, "x".repeat(200)).update();
                    jdbc.sql("UPDATE change_clock SET version = version + 1 WHERE id = 1").update();
                });
                var done = new CountDownLatch(DEVICES);                                  // the pokes: every member reads
                for (int d = 0; d < DEVICES; d++) {
                    pool.submit(() -> {
                        for (int q = 0; q < QUERIES_PER_READ; q++) {
                            jdbc.sql("SELECT version, pruned_up_to FROM change_clock WHERE id = 1").query().listOfRows();
                        }
                        done.countDown();
                    });
                }
                pending.add(done);
                txs.executeWithoutResult(s -> jdbc.sql("UPDATE bench_rows SET body = ? WHERE id = ?").params("y", id).update()); // the relay
                out.add(System.nanoTime() - start);
                Thread.sleep(20);                                                        // ~ the send rate of a loaded group run
            }
            for (var d : pending) d.await();
        }
        return out.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }
}
