package app.cloak.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Stand-in for the SMS gateway the server's {@code http} OTP sender posts to
 * ({@code POST /sms {"to":"+1555…","text":"Your Cloak code is NNNNNN"}}): hands each code to whoever waits for that phone.
 */
final class SmsGateway implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("(\\d{6})");

    private final HttpServer server;
    private final ObjectMapper json;
    private final ConcurrentHashMap<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();

    SmsGateway(int port, ObjectMapper json) throws IOException {
        this.json = json;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/sms", exchange -> {
            try (exchange) {
                int status = 400;
                if ("POST".equals(exchange.getRequestMethod())) {
                    JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
                    String to = body.path("to").asString(null);
                    Matcher m = CODE.matcher(body.path("text").asString(""));
                    if (to != null && m.find()) {
                        received.incrementAndGet();
                        future(to).complete(m.group(1));
                        status = 202;
                    }
                }
                exchange.sendResponseHeaders(status, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/sms";
    }

    long received() {
        return received.get();
    }

    /** Call before asking the server for a code, then {@link #awaitCode}. */
    void expect(String phone) {
        waiting.put(phone, new CompletableFuture<>());
    }

    String awaitCode(String phone, long timeoutMillis) throws Exception {
        try {
            return future(phone).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } finally {
            waiting.remove(phone);
        }
    }

    private CompletableFuture<String> future(String phone) {
        return waiting.computeIfAbsent(phone, p -> new CompletableFuture<>());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
