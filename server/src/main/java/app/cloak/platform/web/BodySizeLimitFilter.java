package app.cloak.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * JSON API bodies are small (the largest field, message text, is 64 KiB): anything declaring more
 * than 256 KiB is refused with 413 before a byte is parsed. Multipart uploads have their own limits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimitFilter extends OncePerRequestFilter {
    static final long MAX_JSON_BODY = 256 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean multipart = type != null && type.toLowerCase().startsWith("multipart/");
        if (!multipart && request.getRequestURI().startsWith("/api/") && request.getContentLengthLong() > MAX_JSON_BODY) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getOutputStream().write(ProblemResponses.json(413, "payload_too_large",
                    "Request bodies are limited to 256 KiB").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
