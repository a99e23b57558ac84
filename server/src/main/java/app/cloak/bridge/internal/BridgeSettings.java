package app.cloak.bridge.internal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The WhatsApp bridge ({@code cloak.bridge.*}).
 *
 * @param graphBaseUrl    {@code CLOAK_BRIDGE_GRAPH_BASE_URL}: Meta's Graph API with its version, used by every link
 *                        that does not name its own; default {@code https://graph.facebook.com/v26.0}.
 * @param publicUrl       {@code CLOAK_BRIDGE_PUBLIC_URL}: the server's public https origin, used to build the
 *                        webhook URL a link reports; default: the origin of the request that created the link.
 * @param maxWebhookBytes {@code CLOAK_BRIDGE_MAX_WEBHOOK_BYTES}: largest webhook body accepted (Meta: up to 3 MB);
 *                        default 3 MiB, larger bodies get 413.
 * @param workerPeriod    {@code CLOAK_BRIDGE_WORKER_PERIOD}: how often the cluster looks for webhook bodies and
 *                        outgoing Graph calls that are due (new ones are also started right after they commit);
 *                        default 2 s.
 * @param graphTimeout    {@code CLOAK_BRIDGE_GRAPH_TIMEOUT}: timeout of one Graph API request; default 20 s.
 * @param maxAttempts     {@code CLOAK_BRIDGE_MAX_ATTEMPTS}: tries of an outgoing call that keeps failing with a
 *                        retryable error (throttling, 5xx, network) before it is marked failed; default 8.
 * @param retryBase       {@code CLOAK_BRIDGE_RETRY_BASE}: first retry delay; each further one is 4 times longer
 *                        (Meta's 4^X rule for pair rate limits), capped at 1 hour; default 4 s.
 * @param inboxRetention  {@code CLOAK_BRIDGE_INBOX_RETENTION}: how long processed webhook bodies are kept (sealed),
 *                        as Meta offers no way to fetch them again; default 7 days.
 * @param mediaDeadline   {@code CLOAK_BRIDGE_MEDIA_DEADLINE}: how long after a message's timestamp its media is still
 *                        tried (Meta keeps media ids for 7 days); afterwards the message is kept without it;
 *                        default 6 days.
 */
@ConfigurationProperties("cloak.bridge")
public record BridgeSettings(URI graphBaseUrl, URI publicUrl, Long maxWebhookBytes, Duration workerPeriod, Duration graphTimeout,
                             Integer maxAttempts, Duration retryBase, Duration inboxRetention, Duration mediaDeadline) {
    public BridgeSettings {
        if (graphBaseUrl == null) graphBaseUrl = URI.create("https://graph.facebook.com/v26.0");
        if (maxWebhookBytes == null) maxWebhookBytes = 3L * 1024 * 1024;
        if (workerPeriod == null) workerPeriod = Duration.ofSeconds(2);
        if (graphTimeout == null) graphTimeout = Duration.ofSeconds(20);
        if (maxAttempts == null) maxAttempts = 8;
        if (retryBase == null) retryBase = Duration.ofSeconds(4);
        if (inboxRetention == null) inboxRetention = Duration.ofDays(7);
        if (mediaDeadline == null) mediaDeadline = Duration.ofDays(6);
        if (workerPeriod.isNegative() || workerPeriod.isZero()) throw new IllegalArgumentException("cloak.bridge.worker-period must be positive");
        if (maxAttempts < 1) throw new IllegalArgumentException("cloak.bridge.max-attempts must be at least 1");
    }

    /** Delay before retry number {@code attempt} (1-based): base * 4^(attempt-1), at most an hour. */
    Duration backoff(int attempt) {
        long ms = retryBase.toMillis();
        for (int i = 1; i < attempt && ms < 3_600_000L; i++) ms *= 4;
        return Duration.ofMillis(Math.min(ms, 3_600_000L));
    }
}
