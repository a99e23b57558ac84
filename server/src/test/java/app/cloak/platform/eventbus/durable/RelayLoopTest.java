package app.cloak.platform.eventbus.durable;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The relay runs a pass when woken, soon, but not once per wake-up when they come thick and fast. */
class RelayLoopTest {

    @Test
    void a_burst_of_wake_ups_becomes_a_few_passes_at_least_the_gap_apart() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        try (RelayLoop loop = new RelayLoop("relay-test", Duration.ofMinutes(1), passes::incrementAndGet)) {
            loop.start();
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {             // every 2.5 ms for 0.5 s: a busy node's send batches
                loop.wake();
                TimeUnit.MICROSECONDS.sleep(2_500);
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            TimeUnit.MILLISECONDS.sleep(RelayLoop.MIN_GAP.toMillis() * 3);
            long most = elapsedMs / RelayLoop.MIN_GAP.toMillis() + 3;   // one per gap, plus the first and the last
            assertThat(passes.get()).isBetween(2, (int) most);
        }
    }

    @Test
    void a_wake_up_after_a_quiet_spell_runs_a_pass_at_once_and_one_during_a_pass_runs_another() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        try (RelayLoop loop = new RelayLoop("relay-test", Duration.ofMinutes(1), () -> {
            passes.incrementAndGet();
            first.countDown();
            second.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            loop.start();
            TimeUnit.MILLISECONDS.sleep(RelayLoop.MIN_GAP.toMillis() * 2);
            assertThat(passes.get()).as("no pass before a wake-up or the sweep").isZero();
            loop.wake();
            assertThat(first.await(2, TimeUnit.SECONDS)).isTrue();
            loop.wake();                                   // while that pass runs: it must not be lost
            release.countDown();
            assertThat(second.await(2, TimeUnit.SECONDS)).isTrue();
        }
    }
}
