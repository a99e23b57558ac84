package app.cloak.platform.eventbus.durable;

import java.time.Duration;

/**
 * How often the outbox sweep looks for leftovers (events whose after-commit relay never ran because the
 * node crashed, or whose handlers failed), and how a failing handler backs off between attempts.
 */
public record RelayTiming(Duration sweepInterval, Duration retryFirst, Duration retryMax) {
    public static final RelayTiming DEFAULT = new RelayTiming(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(5));

    /** Delay before attempt {@code attempt + 1}: doubling from {@code retryFirst}, capped at {@code retryMax}. */
    public Duration retryDelay(long attempt) {
        long shift = Math.clamp(attempt - 1, 0, 20);
        Duration delay = retryFirst.multipliedBy(1L << shift);
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
