package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.NatsSettings;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the node's one NATS connection: reconnecting forever with exponential backoff (100 ms doubling
 * up to 10 s), logging every state change with the server address but never credentials.
 */
public final class NatsConnections {
    private static final Logger log = LoggerFactory.getLogger(NatsConnections.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private NatsConnections() {}

    public static Connection connect(NatsSettings settings, String connectionName) {
        String where = settings.redactedUrl();
        Options.Builder options = new Options.Builder()
                .server(settings.url())
                .connectionName(connectionName)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .reconnectDelayHandler(NatsConnections::backoff)
                .connectionListener(stateLogger(where))
                .errorListener(errorLogger(where));
        if (settings.credentialsFile() != null) {
            options.authHandler(Nats.credentials(settings.credentialsFile().toString()));
        }
        try {
            Connection connection = Nats.connect(options.build());
            log.atInfo().addKeyValue("nats", where).log("Connected to NATS");
            return connection;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach NATS at " + where + " (CLOAK_NATS_URL)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to NATS", e);
        }
    }

    static Duration backoff(long attempt) {
        long millis = 100L << Math.clamp(attempt - 1, 0, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static ConnectionListener stateLogger(String where) {
        return (connection, event) -> {
            var line = switch (event) {
                case DISCONNECTED, LAME_DUCK -> log.atWarn();
                default -> log.atInfo();
            };
            line.addKeyValue("nats", where).addKeyValue("state", event.name()).log("NATS connection state changed");
        };
    }

    private static ErrorListener errorLogger(String where) {
        return new ErrorListener() {
            @Override
            public void errorOccurred(Connection connection, String error) {
                log.atWarn().addKeyValue("nats", where).addKeyValue("error", error).log("NATS server reported an error");
            }

            @Override
            public void exceptionOccurred(Connection connection, Exception e) {
                log.atWarn().addKeyValue("nats", where).addKeyValue("exception", e.toString()).log("NATS connection problem");
            }
        };
    }
}
