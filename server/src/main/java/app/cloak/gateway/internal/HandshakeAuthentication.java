package app.cloak.gateway.internal;

import app.cloak.identity.Authenticator;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code Authorization: Bearer …} or {@code ?access_token=…}; the caller goes into the session. */
final class HandshakeAuthentication implements HandshakeInterceptor {
    static final String CALLER = "cloak.caller";
    private final Authenticator authenticator;

    HandshakeAuthentication(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        String header = request.getHeaders().getFirst("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
                : UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("access_token");
        var caller = token == null ? java.util.Optional.<app.cloak.shared.Caller>empty() : authenticator.authenticate(token);
        if (caller.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put(CALLER, caller.get());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception e) {}
}
