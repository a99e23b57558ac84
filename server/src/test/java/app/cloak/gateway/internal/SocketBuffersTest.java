package app.cloak.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The WebSocket buffers every open socket holds are the configured size, not Tomcat's 8 KiB: Tomcat reads the size
 * from a system property once, so this fails if it was read before the gateway set it, or if Tomcat stops reading
 * it (then BENCHMARKS.md's heap per idle connection no longer holds).
 */
class SocketBuffersTest extends ApiTestBase {
    @Autowired
    GatewaySettings settings;

    @Test
    void tomcatsPerSocketWebSocketBuffersHaveTheConfiguredSize() throws Exception {
        var field = Class.forName("org.apache.tomcat.websocket.Constants").getDeclaredField("DEFAULT_BUFFER_SIZE");
        field.setAccessible(true);
        assertThat(settings.socketBufferBytes()).isEqualTo(2048);
        assertThat(field.getInt(null)).isEqualTo(settings.socketBufferBytes());
    }

    @Test
    void aBufferSizeOutsideItsRangeIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GatewaySettings(null, null, null, null, null, null, null, null, null, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socket-buffer-bytes");
    }
}
