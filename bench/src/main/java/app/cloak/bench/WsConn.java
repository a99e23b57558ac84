package app.cloak.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's WebSocket (a Netty channel, see {@link WsFleet}): parses every whole text frame (continuations
 * are joined by the pipeline's aggregator) straight from its bytes and hands it to the scenario's handler with the
 * arrival time; the handler runs on the channel's event loop and must not block. Frames go out through Netty's
 * channel, which keeps them in order; {@link #sendBatch} writes many frames with one hand-over to the event loop
 * and one flush per channel.
 */
final class WsConn {
    interface Handler {
        void onFrame(WsConn conn, Frames.Frame frame, long arrivedNanos);
    }

    final Api.User user;
    final int index;
    private volatile Handler handler;
    private volatile Channel channel;
    private volatile String closedBecause;
    private final CompletableFuture<WsConn> opened = new CompletableFuture<>();
    private final ChannelFutureListener countFailures;
    private byte[] scratch = new byte[1024];   // inbound frames from direct buffers are copied here (event loop only)
    private boolean dirty;                     // written but not flushed in the batch in progress (event loop only)
    final AtomicLong framesIn = new AtomicLong();
    final AtomicLong badFrames = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong pongs = new AtomicLong();

    WsConn(Api.User user, int index, Handler handler) {
        this.user = user;
        this.index = index;
        this.handler = handler;
        this.countFailures = f -> {
            if (!f.isSuccess()) sendFailures.incrementAndGet();
        };
    }

    void handler(Handler h) {
        this.handler = h;
    }

    /** Completes when the handshake did (or fails with why it did not). */
    CompletableFuture<WsConn> opened() {
        return opened;
    }

    boolean open() {
        Channel c = channel;
        return c != null && closedBecause == null && c.isActive();
    }

    String closedBecause() {
        return closedBecause;
    }

    /** Queues a text frame behind any frame still going out; never blocks. */
    void send(String text) {
        Channel c = channel;
        if (c == null) throw new IllegalStateException("not open");
        c.writeAndFlush(new TextWebSocketFrame(text)).addListener(countFailures);
    }

    /**
     * Sends {@code frames.get(i)} (UTF-8 JSON, ownership passes) on {@code from.get(i)}, in order per connection: one
     * task per event loop writes them all, then flushes each connection once. Callable from any thread.
     */
    static void sendBatch(List<WsConn> from, List<ByteBuf> frames) {
        Map<EventLoop, List<Integer>> byLoop = new IdentityHashMap<>();
        for (int i = 0; i < from.size(); i++) byLoop.computeIfAbsent(from.get(i).eventLoop(), x -> new ArrayList<>()).add(i);
        byLoop.forEach((loop, which) -> loop.execute(() -> {
            List<WsConn> written = new ArrayList<>();
            for (int i : which) {
                if (from.get(i).writeNow(frames.get(i))) written.add(from.get(i));
            }
            flushAll(written);
        }));
    }

    /**
     * On this connection's event loop: writes a text frame (ownership of {@code frame} passes) without flushing.
     * Returns true when it is the first write since the last {@link #flushAll}: the caller then owes a flush.
     */
    boolean writeNow(ByteBuf frame) {
        channel.write(new TextWebSocketFrame(frame)).addListener(countFailures);
        if (dirty) return false;
        dirty = true;
        return true;
    }

    /** On the connections' event loop: flushes each of them (the ones {@link #writeNow} said owe a flush). */
    static void flushAll(List<WsConn> conns) {
        for (WsConn c : conns) {
            c.dirty = false;
            c.channel.flush();
        }
    }

    EventLoop eventLoop() {
        Channel c = channel;
        if (c == null) throw new IllegalStateException("not open");
        return c.eventLoop();
    }

    void close() {
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(new CloseWebSocketFrame(1000, "bench done")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    void abort() {
        Channel c = channel;
        if (c != null) c.close();
    }

    /** A whole text frame arrived: parse it from its bytes and hand it on. */
    void onText(ByteBuf content, long now) {
        framesIn.incrementAndGet();
        try {
            int len = content.readableBytes();
            Frames.Frame f;
            if (content.hasArray()) {
                f = Frames.parse(content.array(), content.arrayOffset() + content.readerIndex(), len);
            } else {
                if (scratch.length < len) scratch = new byte[Math.max(len, 2 * scratch.length)];
                content.getBytes(content.readerIndex(), scratch, 0, len);
                f = Frames.parse(scratch, 0, len);
            }
            if ("pong".equals(f.type())) pongs.incrementAndGet();
            handler.onFrame(this, f, now);
        } catch (RuntimeException e) {
            badFrames.incrementAndGet();
        }
    }

    /** The last handler of the channel's pipeline: the handshake's outcome, whole frames, close and errors. */
    final class Inbound extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                channel = ctx.channel();
                opened.complete(WsConn.this);
            } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                opened.completeExceptionally(new TimeoutException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            long now = System.nanoTime();
            switch (frame) {
                case TextWebSocketFrame t -> onText(t.content(), now);
                case CloseWebSocketFrame c -> {
                    int status = c.statusCode();
                    String reason = c.reasonText();
                    closedBecause = "closed " + status + (reason == null || reason.isEmpty() ? "" : " " + reason);
                    ctx.writeAndFlush(new CloseWebSocketFrame(status < 0 ? 1000 : status, "")).addListener(ChannelFutureListener.CLOSE);
                }
                case BinaryWebSocketFrame b -> badFrames.incrementAndGet();
                default -> {
                    // pings are answered by Netty's protocol handler; pongs carry nothing
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!opened.isDone()) opened.completeExceptionally(new IllegalStateException("connection closed during the handshake"));
            if (closedBecause == null) closedBecause = "closed (connection dropped)";
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!opened.completeExceptionally(cause) && closedBecause == null) closedBecause = "error " + cause;
            ctx.close();
        }
    }
}
