package app.cloak.bench.chatexport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParseRunTest {
    @Test
    void repeatDefaultsToOneShotAndTheArgumentWinsOverTheEnvironment() {
        assertEquals(1, ParseRun.repeat(null, null));
        assertEquals(1, ParseRun.repeat(null, " "));
        assertEquals(3, ParseRun.repeat(null, "3"));
        assertEquals(5, ParseRun.repeat("5", "3"));
        assertEquals(1, ParseRun.repeat("1", "3"));
    }

    @Test
    void repeatRejectsZeroNegativeAndNonNumbers() {
        assertThrows(IllegalArgumentException.class, () -> ParseRun.repeat("0", null));
        assertThrows(IllegalArgumentException.class, () -> ParseRun.repeat(null, "-2"));
        assertThrows(IllegalArgumentException.class, () -> ParseRun.repeat("three", null));
    }

    @Test
    void measureLastRunsTheParseRepeatTimesAndReportsOnlyTheLastRun() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ParseRun.Measured<Integer> last = ParseRun.measureLast(3, () -> {
            int call = calls.incrementAndGet();
            if (call == 3) {
                burnCpu(50_000_000L); // only the last run is slow: its time must be the one reported
            }
            return call;
        });
        assertEquals(3, calls.get());
        assertEquals(3, last.value());
        assertTrue(last.wallNanos() >= 50_000_000L, "wall time of the last run: " + last.wallNanos());
        assertTrue(last.threadCpuNanos() > 0, "thread CPU of the last run: " + last.threadCpuNanos());
        assertTrue(last.processCpuNanos() >= last.threadCpuNanos() / 2,
                "process CPU over the last run includes the calling thread's: " + last.processCpuNanos());
    }

    @Test
    void measureLastOnceIsTheOneShotMeasurement() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertEquals(1, ParseRun.measureLast(1, calls::incrementAndGet).value());
        assertEquals(1, calls.get());
        assertThrows(IllegalArgumentException.class, () -> ParseRun.measureLast(0, calls::incrementAndGet));
    }

    /** Spins until the calling thread has used about {@code nanos} of CPU time (so also at least that long). */
    private static void burnCpu(long nanos) {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = bean.getCurrentThreadCpuTime() + nanos;
        long x = 0;
        while (bean.getCurrentThreadCpuTime() < end) {
            x += System.nanoTime() & 1;
        }
        if (x == -1) System.out.println(x);
    }
}
