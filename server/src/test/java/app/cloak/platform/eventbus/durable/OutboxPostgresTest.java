package app.cloak.platform.eventbus.durable;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.TestDatabase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OutboxPostgresTest implements OutboxContract {
    private static final TestDatabase DB = TestDatabase.postgres();

    @Override
    public TestDatabase db() { return DB; }

    @AfterAll
    static void close() { DB.close(); }

    /** Two nodes: while one relay holds rows, the other takes the rest at once instead of waiting. */
    @Test
    void a_relay_skips_the_rows_another_one_holds() throws Exception {
        var outbox = outbox();
        for (int i = 0; i < 10; i++) outbox.append("Pinged", "{}");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var first = CompletableFuture.supplyAsync(() -> DB.tx().execute(s -> {
            List<Outbox.Entry> rows = outbox.claimDue(4);
            held.countDown();
            await(release);
            return rows;
        }));
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();

        List<Outbox.Entry> second = DB.tx().execute(s -> outbox.claimDue(100));
        release.countDown();

        assertThat(second).hasSize(6);
        assertThat(second).extracting(Outbox.Entry::id)
                .doesNotContainAnyElementsOf(first.get(5, TimeUnit.SECONDS).stream().map(Outbox.Entry::id).toList());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
