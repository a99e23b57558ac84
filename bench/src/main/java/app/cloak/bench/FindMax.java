package app.cloak.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Steps an open-loop rate up by a factor until a step is not sustained ({@link OpenLoop.Result#sustained}),
 * then tries once halfway between the last good and the first bad rate.
 */
final class FindMax {
    interface Step {
        OpenLoop.Result run(double rate) throws Exception;
    }

    record Outcome(double best, double failedAt, List<Map<String, Object>> steps) {}

    private FindMax() {}

    static Outcome search(double startRate, double factor, double maxRate, Step step) throws Exception {
        if (factor <= 1) throw new IllegalArgumentException("--step must be > 1");
        List<Map<String, Object>> steps = new ArrayList<>();
        double best = 0, failedAt = -1;
        for (double r = startRate; r <= maxRate; r = Math.max(r + 1, Math.round(r * factor))) {
            OpenLoop.Result res = step.run(r);
            steps.add(res.json());
            Log.info("step %,.0f msg/s: acked %,.0f/s, ack p99 %.1f ms, send→receive p99 %.1f ms, missing %d/%d → %s",
                    r, res.ackedPerSecond(), res.ack().p99Ms(), res.delivery().p99Ms(), res.missingAcks(), res.missingDeliveries(),
                    res.sustained() ? "sustained" : "NOT sustained");
            if (!res.sustained()) {
                failedAt = r;
                break;
            }
            best = r;
        }
        if (best > 0 && failedAt > 0 && failedAt / best > 1.2) {
            double mid = Math.round((best + failedAt) / 2);
            OpenLoop.Result res = step.run(mid);
            steps.add(res.json());
            Log.info("bisect %,.0f msg/s → %s", mid, res.sustained() ? "sustained" : "NOT sustained");
            if (res.sustained()) best = mid;
            else failedAt = mid;
        }
        return new Outcome(best, failedAt, steps);
    }
}
