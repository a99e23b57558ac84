package app.cloak.shared;

import java.util.Optional;

/**
 * A failure the caller should see as RFC 9457 problem+json with a stable {@code code}.
 * Thrown by any module; rendered by platform.web.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiProblem(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ApiProblem(int status, String code, String detail, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() { return status; }
    public String code() { return code; }
    public String detail() { return getMessage(); }
    public Optional<Long> retryAfterSeconds() { return Optional.ofNullable(retryAfterSeconds); }

    public static ApiProblem badRequest(String code, String detail) { return new ApiProblem(400, code, detail); }
    public static ApiProblem unauthorized(String code, String detail) { return new ApiProblem(401, code, detail); }
    public static ApiProblem forbidden(String code, String detail) { return new ApiProblem(403, code, detail); }
    public static ApiProblem notFound(String what) { return new ApiProblem(404, "not_found", what + " not found"); }
    public static ApiProblem conflict(String code, String detail) { return new ApiProblem(409, code, detail); }
    public static ApiProblem tooMany(long retryAfterSeconds) {
        return new ApiProblem(429, "rate_limited", "Too many requests; try again later", Math.max(1, retryAfterSeconds));
    }
}
