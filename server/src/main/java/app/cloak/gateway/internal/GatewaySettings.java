package app.cloak.gateway.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxFrameBytes     {@code CLOAK_GATEWAY_MAX_FRAME_BYTES}: a bigger client frame closes the connection
 *                          with 1009. Default 65536.
 * @param idleTimeout       {@code CLOAK_GATEWAY_IDLE_TIMEOUT}: a connection that sends nothing (not even a pong
 *                          to the server's pings) for this long is closed. Default 75 s.
 * @param pingInterval      {@code CLOAK_GATEWAY_PING_INTERVAL}: how often the server pings each connection. Default 25 s.
 * @param framesPerSecond   {@code CLOAK_GATEWAY_FRAMES_PER_SECOND}: sustained client frames per connection; a
 *                          connection over it gets {@code error rate_limited}. Default 50.
 * @param burst             {@code CLOAK_GATEWAY_BURST}: frames allowed at once above the sustained rate. Default 100.
 * @param floodStrikes      {@code CLOAK_GATEWAY_FLOOD_STRIKES}: rate-limited frames tolerated before the
 *                          connection is closed (1008); forgotten once the client stays within the rate for as
 *                          long as its whole burst takes to come back. Default 20.
 * @param syncPageSize      {@code CLOAK_GATEWAY_SYNC_PAGE_SIZE}: changes read from the feed per page. Default 200.
 * @param typingTimeout     {@code CLOAK_GATEWAY_TYPING_TIMEOUT}: typing stops by itself after this much silence. Default 10 s.
 * @param sendBufferBytes   {@code CLOAK_GATEWAY_SEND_BUFFER_BYTES}: events queued for a slow connection before it
 *                          is closed (it syncs on reconnect). Default 4 MiB.
 * @param socketBufferBytes {@code CLOAK_GATEWAY_SOCKET_BUFFER_BYTES}: the size of the buffers every open socket holds
 *                          for reading frames, writing them and encoding text (Tomcat keeps three of this size per
 *                          socket, its default 8 KiB each), and in characters of the text buffer a frame is taken
 *                          in with. A frame or event larger than it still goes through, in parts (an event as
 *                          several WebSocket fragments, which clients join). 512 to 65536; default 2048.
 */
@ConfigurationProperties("cloak.gateway")
public record GatewaySettings(Integer maxFrameBytes, Duration idleTimeout, Duration pingInterval, Integer framesPerSecond,
                              Integer burst, Integer floodStrikes, Integer syncPageSize, Duration typingTimeout,
                              Integer sendBufferBytes, Integer socketBufferBytes) {
    public GatewaySettings {
        if (maxFrameBytes == null) maxFrameBytes = 64 * 1024;
        if (idleTimeout == null) idleTimeout = Duration.ofSeconds(75);
        if (pingInterval == null) pingInterval = Duration.ofSeconds(25);
        if (framesPerSecond == null) framesPerSecond = 50;
        if (burst == null) burst = 100;
        if (floodStrikes == null) floodStrikes = 20;
        if (syncPageSize == null) syncPageSize = 200;
        if (typingTimeout == null) typingTimeout = Duration.ofSeconds(10);
        if (sendBufferBytes == null) sendBufferBytes = 4 * 1024 * 1024;
        if (socketBufferBytes == null) socketBufferBytes = 2048;
        if (socketBufferBytes < 512 || socketBufferBytes > 65536) {
            throw new IllegalArgumentException("cloak.gateway.socket-buffer-bytes must be between 512 and 65536, not " + socketBufferBytes);
        }
    }
}
