package app.cloak.platform.eventbus;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The cluster bus ({@code cloak.nats.*}). With no URL the node runs the in-process adapters (embedded,
 * single node); with one, realtime signals go over core NATS and durable events through JetStream.
 *
 * @param url             {@code CLOAK_NATS_URL}: e.g. {@code nats://10.0.0.5:4222}, several servers comma-separated.
 *                        Default blank: in-process bus. The node needs NATS at start-up and then reconnects
 *                        forever (backoff up to 10 s). User info in the URL works but is never logged;
 *                        prefer {@code credentialsFile}.
 * @param credentialsFile {@code CLOAK_NATS_CREDENTIALS_FILE}: a NATS {@code .creds} file (user JWT and NKey seed),
 *                        for servers with decentralised auth. Default none.
 * @param eventRetention  {@code CLOAK_NATS_EVENT_RETENTION}: how long stream {@code CLOAK_EVENTS} keeps durable
 *                        events (its max age); a consumer that is down for longer misses older events.
 *                        Default {@code 7d}. Applied when the stream is created or updated at start-up.
 * @param namespace       {@code CLOAK_NATS_NAMESPACE}: the first token of every subject this cluster uses
 *                        ({@code <namespace>.signal.<key>}, {@code <namespace>.events.<EventType>}) and, upper case,
 *                        the stream name prefix ({@code <NAMESPACE>_EVENTS}). Default {@code cloak}. Give two
 *                        clusters (or test runs) that share one NATS server different namespaces; all nodes of
 *                        one cluster must use the same. Lower-case letters, digits and {@code _}.
 */
@ConfigurationProperties("cloak.nats")
public record NatsSettings(String url, Path credentialsFile, Duration eventRetention, String namespace) {
    public NatsSettings {
        if (eventRetention == null) eventRetention = Duration.ofDays(7);
        if (namespace == null || namespace.isBlank()) namespace = "cloak";
        if (!namespace.matches("[a-z0-9_]{1,32}")) {
            throw new IllegalArgumentException("cloak.nats.namespace: 1 to 32 of lower-case letters, digits and _");
        }
    }

    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** The URL without user info, for logs. */
    public String redactedUrl() {
        return url == null ? "" : url.replaceAll("(?<=://)[^@/,]*@", "***@");
    }
}
