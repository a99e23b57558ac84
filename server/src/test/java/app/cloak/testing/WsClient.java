package app.cloak.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A device's WebSocket for tests: records every event it receives, in order, and waits for them. */
public final class WsClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final List<JsonNode> received = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final java.util.BitSet consumed = new java.util.BitSet();

    private WsClient(URI uri, String bearer) {
        var builder = HTTP.newWebSocketBuilder();
        if (bearer != null) builder.header("Authorization", "Bearer " + bearer);
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    /**
     * Connects with {@code ?access_token=} and waits for a ping's pong: the client may see the handshake
     * complete before the server has registered the socket, and a test must not race that.
     */
    public static WsClient connect(int port, String accessToken) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + accessToken), null).roundTrip();
    }

    /** Connects with {@code ?access_token=…&<query>} (e.g. {@code cursor=12}) without waiting for anything. */
    public static WsClient connect(int port, String accessToken, String query) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + accessToken + "&" + query), null);
    }

    /** Connects with an {@code Authorization} header (and waits as {@link #connect} does). */
    public static WsClient connectWithHeader(int port, String accessToken) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws"), accessToken).roundTrip();
    }

    /** The handshake's failure, if it fails. */
    public static Throwable refused(int port, String query) {
        try {
            HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws" + query), new WebSocket.Listener() {}).join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    public WsClient send(Map<String, ?> frame) {
        return sendRaw(JSON.writeValueAsString(frame));
    }

    public WsClient sendRaw(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The first event of this type not returned before (events of other types stay available). */
    public JsonNode next(String type) {
        return next(type, e -> true);
    }

    public JsonNode next(String type, Predicate<JsonNode> match) {
        return next(type, match, WAIT);
    }

    public synchronized JsonNode next(String type, Predicate<JsonNode> match, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (int i = consumed.nextClearBit(0); i < received.size(); i = consumed.nextClearBit(i + 1)) {
                JsonNode e = received.get(i);
                if (e.path("type").asString().equals(type) && match.test(e)) {
                    consumed.set(i);
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String tail = received.subList(Math.max(0, received.size() - 5), received.size()).toString();
                throw new AssertionError("No '" + type + "' event within " + wait + "; " + received.size() + " received, the last: " + tail);
            }
            try {
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Every event received so far, in arrival order. */
    public synchronized List<JsonNode> all() {
        return List.copyOf(received);
    }

    /** Sends a ping and waits for its pong: every event the server wrote before the pong is here now. */
    public WsClient roundTrip() {
        send(Map.of("type", "ping"));
        next("pong");
        return this;
    }

    public int closeCode() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode event = JSON.readTree(partial.toString());
                partial.setLength(0);
                synchronized (WsClient.this) {
                    received.add(event);
                    WsClient.this.notifyAll();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
