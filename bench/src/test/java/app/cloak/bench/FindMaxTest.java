package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindMaxTest {
    /** A made-up server that keeps up to {@code capacity} msg/s: ack p99 10 ms below it, 5 s above. */
    private static OpenLoop.Result fake(double rate, double capacity) {
        long[] fast = {10_000_000L}, slow = {5_000_000_000L};
        var lat = Latencies.Summary.of(rate <= capacity ? fast : slow);
        return new OpenLoop.Result(1, rate, 10, 100, 100, rate, rate, lat, lat, 0, 0, 0, 0, Map.of());
    }

    @Test
    void stepsUpThenBisectsOnce() throws Exception {
        List<Double> tried = new ArrayList<>();
        FindMax.Outcome out = FindMax.search(100, 2, 10_000, r -> {
            tried.add(r);
            return fake(r, 700);
        });
        assertEquals(List.of(100.0, 200.0, 400.0, 800.0, 600.0), tried);
        assertEquals(600, out.best());
        assertEquals(800, out.failedAt());
        assertEquals(5, out.steps().size());
    }

    @Test
    void nothingSustainedAndNeverFailing() throws Exception {
        assertEquals(0, FindMax.search(100, 2, 10_000, r -> fake(r, 50)).best());
        FindMax.Outcome all = FindMax.search(100, 2, 500, r -> fake(r, 1e9));
        assertEquals(400, all.best());
        assertEquals(-1, all.failedAt());
    }
}
