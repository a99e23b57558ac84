package app.cloak.identity.internal.web;

import app.cloak.platform.web.RequestPaths;
import app.cloak.platform.web.ProblemResponses;
import app.cloak.identity.Authenticator;
import app.cloak.shared.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api/} call except the three sign-in calls needs a valid bearer token of an active
 * device. The caller is left on the request for {@link CallerArgumentResolver}. The WebSocket
 * upgrade ({@code /ws}) also accepts {@code ?access_token=}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AuthenticationFilter extends OncePerRequestFilter {
    static final String CALLER = Caller.REQUEST_ATTRIBUTE;
    private static final Set<String> PUBLIC = Set.of("/api/v1/auth/otp", "/api/v1/auth/verify", "/api/v1/auth/refresh");

    private static final String SIGNED_DOWNLOADS = "/api/v1/media/";

    private final Authenticator authenticator;

    AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = RequestPaths.routed(request);
        return !needsToken(path) || signedDownload(request, path);
    }

    /** Whether a call to this path needs a bearer token (signed media downloads aside). */
    static boolean needsToken(String path) {
        return (path.startsWith("/api/") && !PUBLIC.contains(path)) || path.equals("/ws");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = bearer(request);
        Optional<Authenticator.Authenticated> caller = token == null ? Optional.empty() : authenticator.authenticate(token);
        if (caller.isEmpty()) {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer");
            response.setContentType("application/problem+json");
            String detail = token == null ? "Sign in first: send Authorization: Bearer <accessToken>"
                    : "The access token is invalid, expired or its device was signed out";
            response.getOutputStream().write(ProblemResponses.json(401, token == null ? "unauthenticated" : "invalid_token", detail)
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(CALLER, caller.get().caller());
        request.setAttribute(Caller.TOKEN_EXPIRES_ATTRIBUTE, caller.get().expiresAt());
        chain.doFilter(request, response);
    }

    /**
     * {@code GET /api/v1/media/{id}?u=&exp=&sig=} and {@code GET /api/v1/media/{id}/thumbnail?u=&exp=&sig=}: the signed
     * URL is the credential (usable from an img tag).
     */
    private static boolean signedDownload(HttpServletRequest request, String path) {
        if (!"GET".equals(request.getMethod()) || !path.startsWith(SIGNED_DOWNLOADS) || request.getParameter("sig") == null) return false;
        int slash = path.indexOf('/', SIGNED_DOWNLOADS.length());
        return slash < 0 || path.substring(slash).equals("/thumbnail");
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).strip();
        if (RequestPaths.routed(request).equals("/ws")) return request.getParameter("access_token");
        return null;
    }
}
