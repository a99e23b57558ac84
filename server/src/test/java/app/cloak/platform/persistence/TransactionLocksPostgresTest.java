package app.cloak.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.TestDatabase;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A named lock keeps a second transaction waiting until the first ends (what keeps a read and a cloak switch apart). */
class TransactionLocksPostgresTest {
    private static final TestDatabase DB = TestDatabase.postgres();

    @AfterAll
    static void close() {
        DB.close();
    }

    @Test
    void aSecondTransactionWaitsForTheFirstToEnd() throws Exception {
        var locks = new TransactionLocks(DB.jdbc(), Dialect.POSTGRES);
        var held = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        AtomicLong secondGotItAt = new AtomicLong();
        AtomicLong firstEndedAt = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = pool.submit(() -> DB.tx().executeWithoutResult(s -> {
                locks.lock("privacy:u_lock");
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                firstEndedAt.set(System.nanoTime());
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            var second = pool.submit(() -> DB.tx().executeWithoutResult(s -> {
                locks.lock("privacy:u_lock");
                secondGotItAt.set(System.nanoTime());
            }));
            var other = pool.submit(() -> DB.tx().executeWithoutResult(s -> locks.lock("privacy:u_other")));
            other.get(10, TimeUnit.SECONDS);            // another name is not held up
            Thread.sleep(200);
            assertThat(second.isDone()).as("still waiting while the first holds the lock").isFalse();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        }
        assertThat(secondGotItAt.get()).isGreaterThan(firstEndedAt.get());
    }
}
