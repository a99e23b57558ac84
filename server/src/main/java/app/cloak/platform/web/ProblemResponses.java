package app.cloak.platform.web;

import app.cloak.shared.ApiProblem;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 bodies with our stable {@code code} extension. */
public final class ProblemResponses {
    private ProblemResponses() {}

    public static ResponseEntity<ProblemDetail> of(ApiProblem problem) {
        return of(problem.status(), problem.code(), problem.detail(), problem.retryAfterSeconds().orElse(null));
    }

    public static ResponseEntity<ProblemDetail> of(int status, String code, String detail, Long retryAfter) {
        ProblemDetail body = body(status, code, detail);
        var builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        if (status == 401) builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return builder.body(body);
    }

    public static ProblemDetail body(int status, String code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        body.setType(URI.create("https://cloak.app/problems/" + code.replace('_', '-')));
        body.setProperty("code", code);
        return body;
    }

    /** Hand-written JSON for filters that run before Spring MVC (no message converters there). */
    public static String json(int status, String code, String detail) {
        return "{\"type\":\"https://cloak.app/problems/" + code.replace('_', '-') + "\",\"title\":\""
                + HttpStatus.valueOf(status).getReasonPhrase() + "\",\"status\":" + status + ",\"code\":\"" + code
                + "\",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
