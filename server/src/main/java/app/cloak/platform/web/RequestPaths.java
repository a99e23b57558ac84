package app.cloak.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path a request is routed by: decoded and normalised by the container ({@code /%61pi/./v1}
 * is {@code /api/v1}). Filters that decide by path must use this, never the raw
 * {@code getRequestURI()}, or an encoded spelling reaches the controller without passing the check.
 */
public final class RequestPaths {
    private RequestPaths() {}

    public static String routed(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    }
}
