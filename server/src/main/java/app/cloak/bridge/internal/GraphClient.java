package app.cloak.bridge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The few Graph API calls the bridge makes: mark read (optionally with a typing indicator), send a text, and the
 * media-URL flow. Errors are classified by Meta's {@code error.code}, never by the HTTP status alone (Meta does not
 * document which status goes with which code). The access token goes only into the Authorization header and is
 * never logged or put into an exception message.
 */
@Component
class GraphClient {
    /** Throttling and transient codes: retry with backoff. Everything else Meta answers is permanent. */
    static final Set<String> RETRYABLE = Set.of("130429", "131056", "131057", "131000", "131016", "4", "80007", "2", "1", "17", "341");

    /** A Graph call that did not succeed; {@code code} is Meta's {@code error.code}, or "http_<status>"/"network". */
    static final class GraphException extends RuntimeException {
        final String code;
        final boolean retryable;

        GraphException(String code, String message, boolean retryable) {
            super(message, null, false, false);
            this.code = code;
            this.retryable = retryable;
        }
    }

    record Target(URI baseUrl, String phoneNumberId, String accessToken) {}

    record MediaInfo(String url, String mime, String sha256, long size) {}

    private final HttpClient http;
    private final Duration timeout;

    GraphClient(BridgeSettings settings) {
        this.timeout = settings.graphTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(settings.graphTimeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** {@code {"messaging_product":"whatsapp","status":"read","message_id":…}} (plus {@code typing_indicator} only if asked). */
    void markRead(Target t, String wamid, boolean typing) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("status", "read");
        body.put("message_id", wamid);
        if (typing) body.put("typing_indicator", Map.of("type", "text"));
        JsonNode answer = postJson(t, body);
        if (!answer.path("success").asBoolean(false)) throw new GraphException("unexpected_answer", "Graph answered without success:true", false);
    }

    /** Sends a text to a user (wa_id / user id) or a group; returns the new message's wamid. */
    String sendText(Target t, String to, boolean group, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        if (group) body.put("recipient_type", "group");
        else body.put("recipient_type", "individual");
        body.put("to", to);
        body.put("type", "text");
        body.put("text", Map.of("body", text));
        JsonNode answer = postJson(t, body);
        String wamid = WebhookPayload.str(answer.path("messages").path(0), "id");
        if (wamid == null) throw new GraphException("unexpected_answer", "Graph answered without messages[0].id", false);
        return wamid;
    }

    /** Step 1 of the media flow: a short-lived download URL for a webhook's media id. */
    MediaInfo mediaInfo(Target t, String mediaId) {
        URI uri = URI.create(base(t) + "/" + enc(mediaId) + "?phone_number_id=" + enc(t.phoneNumberId()));
        JsonNode answer = exchange(HttpRequest.newBuilder(uri).GET(), t.accessToken(), HttpResponse.BodyHandlers.ofByteArray(), true);
        String url = WebhookPayload.str(answer, "url");
        if (url == null) throw new GraphException("unexpected_answer", "Graph answered without a media url", false);
        long size = 0;
        try {
            String s = WebhookPayload.str(answer, "file_size");
            if (s != null) size = Long.parseLong(s);
        } catch (NumberFormatException ignored) {
            // size is informational
        }
        return new MediaInfo(url, WebhookPayload.str(answer, "mime_type"), WebhookPayload.str(answer, "sha256"), size);
    }

    /**
     * Step 2: the bytes behind a media URL, fetched with the token (Meta refuses it without). A 404 means the URL
     * expired: {@code code} "media_url_expired", for the caller to fetch a fresh URL.
     */
    InputStream download(Target t, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout.multipliedBy(6)).GET()
                .header("Authorization", "Bearer " + t.accessToken()).build();
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 200) return r.body();
            byte[] error = r.body().readAllBytes();
            r.body().close();
            if (r.statusCode() == 404) throw new GraphException("media_url_expired", "The media URL has expired", true);
            throw fromError(r.statusCode(), error);
        } catch (IOException e) {
            throw new GraphException("network", "Graph API unreachable: " + e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException("interrupted", "Interrupted", true);
        }
    }

    private JsonNode postJson(Target t, Object body) {
        URI uri = URI.create(base(t) + "/" + enc(t.phoneNumberId()) + "/messages");
        byte[] json = WebhookPayload.JSON.writeValueAsBytes(body);
        return exchange(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(json)).header("Content-Type", "application/json"),
                t.accessToken(), HttpResponse.BodyHandlers.ofByteArray(), false);
    }

    private JsonNode exchange(HttpRequest.Builder request, String token, HttpResponse.BodyHandler<byte[]> handler, boolean get) {
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(timeout).header("Authorization", "Bearer " + token).build(), handler);
            if (r.statusCode() / 100 != 2) throw fromError(r.statusCode(), r.body());
            try {
                return WebhookPayload.JSON.readTree(r.body());
            } catch (RuntimeException e) {
                throw new GraphException("unexpected_answer", "Graph answered with something that is not JSON", false);
            }
        } catch (IOException e) {
            throw new GraphException("network", "Graph API unreachable: " + e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException("interrupted", "Interrupted", true);
        }
    }

    /** Meta's error body {@code {"error":{"code":…,"message":…}}}; without one, the HTTP status decides (5xx retryable). */
    static GraphException fromError(int status, byte[] body) {
        JsonNode error = null;
        try {
            error = WebhookPayload.JSON.readTree(body).path("error");
        } catch (RuntimeException ignored) {
            // not JSON: fall back to the status
        }
        String code = error == null ? null : WebhookPayload.str(error, "code");
        if (code == null) return new GraphException("http_" + status, "Graph API answered HTTP " + status, status >= 500 || status == 429);
        String message = WebhookPayload.str(error, "message");
        String details = WebhookPayload.str(error.path("error_data"), "details");
        String text = (message == null ? "Graph API error " + code : message) + (details == null ? "" : " (" + details + ")");
        return new GraphException(code, text.length() > 500 ? text.substring(0, 500) : text, RETRYABLE.contains(code));
    }

    private static String base(Target t) {
        String b = t.baseUrl().toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
