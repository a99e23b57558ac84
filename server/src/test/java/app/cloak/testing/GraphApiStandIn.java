package app.cloak.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Meta's Graph API for the WhatsApp bridge, on loopback over real HTTP: {@code POST /v26.0/<phone>/messages} (read
 * receipts, typing, text sends), {@code GET /v26.0/<media-id>} (a short-lived media URL) and the media URL itself,
 * both requiring the bearer token. Records every request. Can answer with Meta's documented error bodies
 * ({@link #failNext}), reject read receipts for chosen wamids (e.g. group messages, 131009), and let a media URL
 * "expire" once (404) so the client has to fetch a fresh one.
 */
public final class GraphApiStandIn implements AutoCloseable {
    public static final String VERSION = "v26.0";

    public record Call(String method, String path, String query, String authorization, String body) {
        public JsonNode json() {
            return Api.JSON.readTree(body);
        }
    }

    private record Canned(int status, String body) {}

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Canned> next = new ArrayDeque<>();
    private final Map<String, Integer> rejectRead = new ConcurrentHashMap<>();
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final Set<String> expireOnce = ConcurrentHashMap.newKeySet();
    private final AtomicInteger urls = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private volatile String token = null;

    private GraphApiStandIn(HttpServer server) {
        this.server = server;
    }

    public static GraphApiStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            GraphApiStandIn standIn = new GraphApiStandIn(server);
            server.createContext("/", standIn::handle);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a link's {@code graphBaseUrl} is set to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + VERSION;
    }

    /** Only this bearer token is accepted (null: any); others get Meta's 190. */
    public GraphApiStandIn acceptToken(String accessToken) {
        this.token = accessToken;
        return this;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls to {@code /messages} (read receipts, typing, sends): the ones that tell a WhatsApp user something. */
    public synchronized List<Call> messageCalls() {
        return calls.stream().filter(c -> c.method().equals("POST") && c.path().endsWith("/messages")).toList();
    }

    public synchronized void reset() {
        calls.clear();
        next.clear();
        rejectRead.clear();
        expireOnce.clear();
    }

    /** The next {@code /messages} call gets this HTTP status and Meta error body. */
    public synchronized GraphApiStandIn failNext(int httpStatus, int code, String message) {
        next.add(new Canned(httpStatus, error(code, message)));
        return this;
    }

    /** Read receipts naming {@code wamid} get this error code (400), every time. */
    public GraphApiStandIn rejectRead(String wamid, int code) {
        rejectRead.put(wamid, code);
        return this;
    }

    public GraphApiStandIn media(String mediaId, byte[] content) {
        media.put(mediaId, content);
        return this;
    }

    /** The first URL handed out for this media id answers 404 (expired). */
    public GraphApiStandIn expireFirstUrl(String mediaId) {
        expireOnce.add(mediaId);
        return this;
    }

    /** Meta's error body (error-codes page shape). */
    public static String error(int code, String message) {
        return "{\"error\":{\"message\":\"(#" + code + ") " + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + message + "\"},\"error_subcode\":2494010,"
                + "\"fbtrace_id\":\"AbCdEf123\"}}";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (this) {
                calls.add(new Call(method, path, query, auth, body));
            }
            String prefix = "/" + VERSION + "/";
            if (auth == null || !auth.startsWith("Bearer ") || (token != null && !auth.equals("Bearer " + token))) {
                reply(ex, 401, error(190, "Error validating access token"));
                return;
            }
            if (path.startsWith("/media-dl/") && method.equals("GET")) {
                String id = path.substring("/media-dl/".length());
                byte[] content = media.get(id);
                if (content == null || (query != null && query.contains("expired=1"))) {
                    reply(ex, 404, "Not Found");
                    return;
                }
                ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, content.length);
                ex.getResponseBody().write(content);
                return;
            }
            if (!path.startsWith(prefix)) {
                reply(ex, 404, error(100, "Unknown path"));
                return;
            }
            String rest = path.substring(prefix.length());
            if (method.equals("POST") && rest.endsWith("/messages")) {
                Canned canned;
                synchronized (this) {
                    canned = next.poll();
                }
                if (canned != null) {
                    reply(ex, canned.status(), canned.body());
                    return;
                }
                JsonNode json = Api.JSON.readTree(body);
                if ("read".equals(json.path("status").asString(""))) {
                    Integer code = rejectRead.get(json.path("message_id").asString(""));
                    if (code != null) reply(ex, 400, error(code, "Parameter value is not valid"));
                    else reply(ex, 200, "{\"success\":true}");
                    return;
                }
                String to = json.path("to").asString("");
                reply(ex, 200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\"" + to
                        + "\"}],\"messages\":[{\"id\":\"wamid.OUTBOUND" + sent.incrementAndGet() + "\"}]}");
                return;
            }
            if (method.equals("GET") && !rest.contains("/")) {
                byte[] content = media.get(rest);
                if (content == null) {
                    reply(ex, 400, error(100, "Unsupported get request. Object with ID '" + rest + "' does not exist"));
                    return;
                }
                String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/media-dl/" + rest + "?n=" + urls.incrementAndGet()
                        + (expireOnce.remove(rest) ? "&expired=1" : "");
                reply(ex, 200, "{\"messaging_product\":\"whatsapp\",\"url\":\"" + url + "\",\"mime_type\":\"application/octet-stream\","
                        + "\"file_size\":\"" + content.length + "\",\"id\":\"" + rest + "\"}");
                return;
            }
            reply(ex, 404, error(100, "Unknown path"));
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
