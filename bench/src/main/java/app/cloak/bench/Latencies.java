package app.cloak.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency samples in nanoseconds, kept whole: percentiles come from the sorted array (nearest rank),
 * so they are exact rather than bucketed. Thread-safe: a recorder is usually written by one thread (a connection's
 * event loop) while another merges or summarises it; frames that still arrive after a phase's drain (a backlog)
 * keep recording while the phase's result is taken, so every read copies the samples under the recorder's lock.
 */
final class Latencies {
    private long[] samples;
    private int size;

    Latencies() {
        this(1024);
    }

    Latencies(int capacity) {
        samples = new long[Math.max(16, capacity)];
    }

    synchronized void record(long nanos) {
        if (size == samples.length) samples = Arrays.copyOf(samples, samples.length * 2);
        samples[size++] = nanos;
    }

    synchronized int size() {
        return size;
    }

    /** The samples recorded so far (a copy). */
    synchronized long[] toArray() {
        return Arrays.copyOf(samples, size);
    }

    /**
     * One recorder with every part's samples as they are at the moment each part is read (a part that is still
     * being recorded into may have grown by then: each part is copied whole, under its lock, and only once).
     */
    static Latencies merge(Iterable<Latencies> parts) {
        List<long[]> copies = new ArrayList<>();
        int total = 0;
        for (Latencies p : parts) {
            long[] c = p.toArray();
            copies.add(c);
            total += c.length;
        }
        Latencies all = new Latencies(total);
        for (long[] c : copies) {
            System.arraycopy(c, 0, all.samples, all.size, c.length);
            all.size += c.length;
        }
        return all;
    }

    Summary summary() {
        long[] sorted = toArray();
        Arrays.sort(sorted);
        return Summary.of(sorted);
    }

    /** Nearest-rank percentile of an ascending array: the smallest sample with at least p % of samples at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        if (p <= 0) return sorted[0];
        int rank = (int) Math.ceil(p / 100.0 * sorted.length - 1e-9); // the epsilon: 99.9 % of 1000 is rank 999, not 1000
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    record Summary(long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double p999Ms, double maxMs) {
        static Summary of(long[] sorted) {
            if (sorted.length == 0) return new Summary(0, -1, -1, -1, -1, -1, -1);
            double sum = 0;
            for (long v : sorted) sum += v;
            return new Summary(sorted.length, ms(sum / sorted.length), ms(percentile(sorted, 50)), ms(percentile(sorted, 95)),
                    ms(percentile(sorted, 99)), ms(percentile(sorted, 99.9)), ms(sorted[sorted.length - 1]));
        }

        private static double ms(double nanos) {
            return Math.round(nanos / 1_000.0) / 1_000.0;
        }

        String line() {
            if (count == 0) return "no samples";
            return "n=%d  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  (mean %.2f)"
                    .formatted(count, p50Ms, p95Ms, p99Ms, p999Ms, maxMs, meanMs);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("p50Ms", p50Ms);
            m.put("p95Ms", p95Ms);
            m.put("p99Ms", p99Ms);
            m.put("p999Ms", p999Ms);
            m.put("maxMs", maxMs);
            m.put("meanMs", meanMs);
            return m;
        }
    }
}
