package app.cloak.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency samples in nanoseconds, kept whole: percentiles come from the sorted array (nearest rank),
 * so they are exact rather than bucketed. One recorder per writer thread; merge them afterwards.
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

    void record(long nanos) {
        if (size == samples.length) samples = Arrays.copyOf(samples, samples.length * 2);
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        int total = 0;
        for (Latencies p : parts) total += p.size;
        Latencies all = new Latencies(total);
        for (Latencies p : parts) {
            System.arraycopy(p.samples, 0, all.samples, all.size, p.size);
            all.size += p.size;
        }
        return all;
    }

    Summary summary() {
        long[] sorted = Arrays.copyOf(samples, size);
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
