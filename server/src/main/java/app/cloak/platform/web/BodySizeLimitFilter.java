package app.cloak.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * JSON API bodies are small (the largest field, message text, is 64 KiB): anything declaring more
 * than 256 KiB is refused with 413 before a byte is parsed, and a body of undeclared length
 * (chunked) is cut off with the same 413 once it passes 256 KiB. Multipart uploads have their own limits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimitFilter extends OncePerRequestFilter {
    static final long MAX_JSON_BODY = 256 * 1024;

    /** Thrown from the body stream when a body of undeclared length grows past the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("Request bodies are limited to 256 KiB", null);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean multipart = type != null && type.toLowerCase().startsWith("multipart/");
        if (multipart || !RequestPaths.routed(request).startsWith("/api/")) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > MAX_JSON_BODY) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getOutputStream().write(ProblemResponses.json(413, "payload_too_large",
                    "Request bodies are limited to 256 KiB").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Bounded(request) : request, response);
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private ServletInputStream stream;

        Bounded(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new BoundedStream(super.getInputStream());
            return stream;
        }
    }

    private static final class BoundedStream extends ServletInputStream {
        private final ServletInputStream in;
        private long read;

        BoundedStream(ServletInputStream in) {
            this.in = in;
        }

        private int count(int n) throws IOException {
            if (n > 0 && (read += n) > MAX_JSON_BODY) throw new BodyTooLargeException();
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return count(in.read(buffer, offset, length));
        }

        @Override
        public boolean isFinished() { return in.isFinished(); }

        @Override
        public boolean isReady() { return in.isReady(); }

        @Override
        public void setReadListener(ReadListener listener) { in.setReadListener(listener); }
    }
}
