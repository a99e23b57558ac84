package app.cloak.gateway.internal;

import app.cloak.shared.Caller;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The authentication filter has already checked the bearer header or {@code ?access_token=} of the
 * upgrade request (it guards {@code /ws}); the caller it established, and when its token expires, go
 * into the session. A socket opened without a cursor starts at the feed's head as read here, before the
 * handshake's response: whatever is committed once the client sees its socket open reaches it live.
 */
final class HandshakeAuthentication implements HandshakeInterceptor {
    static final String CALLER = "cloak.caller";
    static final String TOKEN_EXPIRES = "cloak.caller.expires";
    /** {@code ?cursor=}: the connection first replays the feed after it, then goes live (see DeviceGateway). */
    static final String CURSOR = "cloak.cursor";
    /** Without {@code ?cursor=}: the feed's head before the handshake completed, where the connection starts. */
    static final String START = "cloak.start";

    private final LongSupplier head;

    HandshakeAuthentication(LongSupplier head) {
        this.head = head;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!(request instanceof ServletServerHttpRequest servlet)
                || !(servlet.getServletRequest().getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller c)) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        var http = servlet.getServletRequest();
        attributes.put(CALLER, c);
        if (http.getAttribute(Caller.TOKEN_EXPIRES_ATTRIBUTE) instanceof Instant expires) attributes.put(TOKEN_EXPIRES, expires);
        String cursor = http.getParameter("cursor");
        if (cursor != null) attributes.put(CURSOR, cursor);
        else attributes.put(START, head.getAsLong());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception e) {}
}
