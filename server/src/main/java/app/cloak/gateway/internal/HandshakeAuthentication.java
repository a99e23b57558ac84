package app.cloak.gateway.internal;

import app.cloak.shared.Caller;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The authentication filter has already checked the bearer header or {@code ?access_token=} of the
 * upgrade request (it guards {@code /ws}); the caller it established goes into the session.
 */
final class HandshakeAuthentication implements HandshakeInterceptor {
    static final String CALLER = "cloak.caller";

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        Object caller = request instanceof ServletServerHttpRequest servlet
                ? servlet.getServletRequest().getAttribute(Caller.REQUEST_ATTRIBUTE) : null;
        if (!(caller instanceof Caller c)) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put(CALLER, c);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception e) {}
}
