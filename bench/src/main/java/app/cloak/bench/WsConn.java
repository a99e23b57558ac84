package app.cloak.bench;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.ObjectMapper;

/**
 * One device's WebSocket: reassembles text frames, parses them, hands them to the scenario's handler with the
 * arrival time, and serialises outgoing frames (the JDK client allows one send in flight per socket).
 */
final class WsConn implements WebSocket.Listener {
    interface Handler {
        void onFrame(WsConn conn, Frames.Frame frame, long arrivedNanos);
    }

    final Api.User user;
    final int index;
    private final ObjectMapper json;
    private volatile Handler handler;
    private volatile WebSocket ws;
    private StringBuilder partial;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile String closedBecause;
    final AtomicLong framesIn = new AtomicLong();
    final AtomicLong badFrames = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong pongs = new AtomicLong();

    WsConn(Api.User user, int index, ObjectMapper json, Handler handler) {
        this.user = user;
        this.index = index;
        this.json = json;
        this.handler = handler;
    }

    void handler(Handler h) {
        this.handler = h;
    }

    boolean open() {
        return ws != null && closedBecause == null && !ws.isInputClosed();
    }

    String closedBecause() {
        return closedBecause;
    }

    /** Queues a text frame behind any send still in flight; never blocks. */
    synchronized CompletableFuture<?> send(String text) {
        WebSocket socket = ws;
        if (socket == null) throw new IllegalStateException("not open");
        sendChain = sendChain.handle((v, e) -> null)
                .thenCompose(v -> socket.sendText(text, true))
                .whenComplete((v, e) -> {
                    if (e != null) sendFailures.incrementAndGet();
                });
        return sendChain;
    }

    void close() {
        WebSocket socket = ws;
        if (socket != null) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(e -> null);
    }

    void abort() {
        WebSocket socket = ws;
        if (socket != null) socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            if (partial == null) partial = new StringBuilder();
            partial.append(data);
            webSocket.request(1);
            return null;
        }
        long now = System.nanoTime();
        String raw = partial == null ? data.toString() : partial.append(data).toString();
        partial = null;
        framesIn.incrementAndGet();
        try {
            Frames.Frame f = Frames.parse(json, raw);
            if ("pong".equals(f.type())) pongs.incrementAndGet();
            handler.onFrame(this, f, now);
        } catch (RuntimeException e) {
            badFrames.incrementAndGet();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        badFrames.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedBecause = "closed " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedBecause = "error " + error;
    }
}
