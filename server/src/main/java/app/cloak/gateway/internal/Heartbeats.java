package app.cloak.gateway.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;

/** Pings every connection; closes the ones that stayed silent (no frame, no pong) past the idle timeout. */
@Component
class Heartbeats {
    static final CloseStatus IDLE = new CloseStatus(4000, "Idle timeout");
    private final DeviceGateway gateway;
    private final GatewaySettings settings;

    Heartbeats(DeviceGateway gateway, GatewaySettings settings) {
        this.gateway = gateway;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${cloak.gateway.ping-interval:PT25S}")
    void beat() {
        for (var conn : gateway.connections()) {
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
