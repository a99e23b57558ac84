package app.cloak.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for API tests: real requests, JSON answers as trees. */
public final class Api {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, JsonNode body, String raw, HttpHeaders headers) {
        public String code() {
            return body == null || body.get("code") == null ? null : body.get("code").asString();
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    private final URI base;
    private final String token;

    public Api(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public Api as(String accessToken) {
        return new Api(base, accessToken);
    }

    public URI base() { return base; }

    public Response get(String path) { return send("GET", path, null, "application/json"); }
    public Response delete(String path) { return send("DELETE", path, null, "application/json"); }
    public Response post(String path, Object body) { return send("POST", path, body, "application/json"); }
    public Response put(String path, Object body) { return send("PUT", path, body, "application/json"); }
    public Response patch(String path, Object body) { return send("PATCH", path, body, "application/json"); }

    /** Sends {@code body} as is when it is a String (for malformed JSON tests), else serialises it. */
    public Response send(String method, String path, Object body, String contentType) {
        String raw = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, raw == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(raw));
        if (raw != null) request.header("Content-Type", contentType);
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode node = text == null || text.isBlank() ? null : tryParse(text);
            return new Response(response.statusCode(), node, text, response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tryParse(String text) {
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
