package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.NatsSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;

/**
 * The JetStream stream that carries durable events: subject {@code <prefix>.<EventType>}, file storage,
 * kept for {@code retention} whether consumed or not (a consumer that was down catches up), with a
 * duplicate window that drops an outbox row published twice (relay crash between publish and delete).
 */
public record EventStream(String name, String subjectPrefix, Duration retention) {
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    private static final int STREAM_NOT_FOUND = 10059;

    /** {@code CLOAK_EVENTS} on {@code cloak.events.>} for the default namespace {@code cloak}. */
    public static EventStream of(NatsSettings settings) {
        String namespace = settings.namespace();
        return new EventStream(namespace.toUpperCase(Locale.ROOT) + "_EVENTS", namespace + ".events", settings.eventRetention());
    }

    public String subject(String eventType) {
        return subjectPrefix + "." + eventType;
    }

    /** The event type a message's subject names. */
    public String typeOf(String subject) {
        return subject.substring(subjectPrefix.length() + 1);
    }

    /** Creates the stream, or brings an existing one's settings up to date. */
    public void ensure(Connection connection) {
        StreamConfiguration config = StreamConfiguration.builder()
                .name(name)
                .subjects(subjectPrefix + ".>")
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .maxAge(retention)
                .duplicateWindow(DUPLICATE_WINDOW)
                .build();
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            try {
                jsm.getStreamInfo(name);
                jsm.updateStream(config);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) throw e;
                jsm.addStream(config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("JetStream is not reachable", e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("Cannot set up JetStream stream " + name + ": " + e.getMessage(), e);
        }
    }
}
