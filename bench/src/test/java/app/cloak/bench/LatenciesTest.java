package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void nearestRankPercentiles() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) sorted[i] = i + 1; // 1 … 100
        assertEquals(50, Latencies.percentile(sorted, 50));
        assertEquals(95, Latencies.percentile(sorted, 95));
        assertEquals(99, Latencies.percentile(sorted, 99));
        assertEquals(100, Latencies.percentile(sorted, 99.9));
        assertEquals(100, Latencies.percentile(sorted, 100));
        assertEquals(1, Latencies.percentile(sorted, 0));
        assertEquals(1, Latencies.percentile(sorted, 0.5));
    }

    @Test
    void smallAndEmptySamples() {
        assertEquals(7, Latencies.percentile(new long[] {7}, 99));
        assertEquals(-1, Latencies.percentile(new long[0], 50));
        long[] two = {10, 20};
        assertEquals(10, Latencies.percentile(two, 50));
        assertEquals(20, Latencies.percentile(two, 51));
        assertEquals(0, new Latencies().summary().count());
    }

    @Test
    void mergeSortsAndSummarisesInMilliseconds() {
        Latencies a = new Latencies(1), b = new Latencies(1);
        for (int i = 1000; i >= 1; i--) (i % 2 == 0 ? a : b).record(i * 1_000_000L); // 1 … 1000 ms, unordered, grown past capacity
        Latencies all = Latencies.merge(List.of(a, b));
        assertEquals(1000, all.size());
        Latencies.Summary s = all.summary();
        assertEquals(500.0, s.p50Ms());
        assertEquals(950.0, s.p95Ms());
        assertEquals(990.0, s.p99Ms());
        assertEquals(999.0, s.p999Ms());
        assertEquals(1000.0, s.maxMs());
        assertEquals(500.5, s.meanMs());
    }

    /**
     * A backlog: deliveries keep arriving on a connection's thread while the phase's result merges its recorder.
     * Before the recorders were locked, merge sized its array from the parts' sizes, a part grew before its copy,
     * and the copy overran: ArrayIndexOutOfBoundsException (arraycopy into a long[16596] in a ws-send run at 600 msg/s).
     */
    @Test
    void mergeWhileAnotherThreadKeepsRecording() throws Exception {
        Latencies busy = new Latencies(16), quiet = new Latencies(16);
        for (int i = 0; i < 1000; i++) quiet.record(i);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread recorder = Thread.ofPlatform().start(() -> {
            for (long i = 0; i < 3_000_000 && !stop.get(); i++) busy.record(i);
        });
        try {
            int last = 0;
            for (int round = 0; round < 20 || recorder.isAlive(); round++) {
                Latencies all = Latencies.merge(List.of(quiet, busy));
                int n = all.size();
                org.junit.jupiter.api.Assertions.assertTrue(n >= last, "a later merge never has fewer samples");
                assertEquals(n, all.summary().count());
                last = n;
            }
            org.junit.jupiter.api.Assertions.assertTrue(last > 1000, "the recorder ran during the merges");
        } finally {
            stop.set(true);
            recorder.join();
        }
    }
}
