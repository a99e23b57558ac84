package app.cloak.gateway.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;

/**
 * Pings every connection; closes the ones that stayed silent (no frame, no pong) past the idle timeout,
 * and the ones whose access token has expired (an {@code error} frame {@code token_expired}, then 4002:
 * the client refreshes its token and reconnects), so a socket never outlives the token it was opened with
 * by more than one ping interval.
 */
@Component
class Heartbeats {
    static final CloseStatus IDLE = new CloseStatus(4000, "Idle timeout");
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4002, "Access token expired; reconnect with a fresh one");
    private static final String TOKEN_EXPIRED_FRAME =
            "{\"type\":\"error\",\"code\":\"token_expired\",\"detail\":\"The access token this connection was opened with has expired; refresh it and reconnect\",\"ref\":null}";
    private final DeviceGateway gateway;
    private final GatewaySettings settings;
    private final Clock clock;

    Heartbeats(DeviceGateway gateway, GatewaySettings settings, Clock clock) {
        this.gateway = gateway;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${cloak.gateway.ping-interval:PT25S}")
    void beat() {
        Instant now = clock.instant();
        for (var conn : gateway.connections()) {
            if (conn.tokenExpired(now)) {
                try {
                    conn.send(TOKEN_EXPIRED_FRAME);
                } catch (IOException | RuntimeException e) {
                    // closing anyway
                }
                conn.close(TOKEN_EXPIRED);
                continue;
            }
            if (conn.silence().compareTo(settings.idleTimeout()) > 0) {
                conn.close(IDLE);
                continue;
            }
            try {
                conn.ping(new PingMessage(ByteBuffer.allocate(0)));
            } catch (IOException | RuntimeException e) {
                conn.close(CloseStatus.SESSION_NOT_RELIABLE);
            }
        }
    }
}
