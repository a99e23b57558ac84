package app.cloak.platform.ratelimit;

import app.cloak.shared.ApiProblem;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Token buckets per (limit, key), e.g. OTP requests per phone. Buckets live in this node's memory
 * and expire when idle; in a cluster each node enforces the limit on its own share of traffic.
 */
@Component
public class RateLimiter {
    /** {@code capacity} events per {@code period}, refilled gradually. */
    public record Limit(String name, int capacity, Duration period) {}

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(2))
            .maximumSize(200_000)
            .build();

    /** Takes one token or throws 429 {@code rate_limited} with the seconds until the next one. */
    public void check(Limit limit, String key) {
        Bucket bucket = buckets.get(limit.name() + "|" + key, k -> Bucket.builder()
                .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiProblem.tooMany(Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        }
    }
}
