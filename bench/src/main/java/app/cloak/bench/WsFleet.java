package app.cloak.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens one WebSocket per user with a bounded number of handshakes in flight. The sockets are Netty channels
 * (HTTP/1.1 upgrade, RFC 6455 frames, masked as a client must; server pings are answered with pongs) on
 * {@code eventLoops} event-loop threads (NIO), and spread over source addresses 127.0.0.1 … 127.0.0.k: one
 * source address can have only as many connections to one server port as the ephemeral port range holds
 * (28,232 with the default 32768–60999). One event loop serves thousands of sockets; every frame of a socket is
 * read, parsed and handled on its loop, without a hand-over to another thread.
 */
final class WsFleet {
    record Opened(List<WsConn> conns, int attempted, Map<String, Integer> failures, Latencies handshakes, double seconds) {
        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private WsFleet() {}

    /** Largest frame accepted (whole message, continuations joined); the server's own limit is 64 KiB. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    private static EventLoopGroup group;

    /** The event loops of every WebSocket of this process (daemon threads; made on first use, {@code threads} then fixed). */
    static synchronized EventLoopGroup eventLoops(int threads) {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(Math.max(1, threads), new DefaultThreadFactory("ws", true), NioIoHandler.newFactory());
        }
        return group;
    }

    /** Starts one WebSocket handshake; {@link WsConn#opened()} tells how it went. */
    static WsConn connect(EventLoopGroup loops, URI uri, InetAddress local, Api.User user, int index, WsConn.Handler handler,
                          Duration timeout) {
        WsConn conn = new WsConn(user, index, handler);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .allowExtensions(false)
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .performMasking(true)
                .handleCloseFrames(false)      // WsConn records the status and reason
                .dropPongFrames(true)
                .generateOriginHeader(false)   // like the JDK client before it: no Origin header
                .withUTF8Validator(false)      // the JSON parser rejects malformed UTF-8 anyway
                .handshakeTimeoutMillis(timeout.toMillis())
                .build();
        int port = uri.getPort() > 0 ? uri.getPort() : "wss".equals(uri.getScheme()) ? 443 : 80;
        if ("wss".equals(uri.getScheme())) throw new IllegalArgumentException("wss is not supported by the load generator");
        new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME_BYTES),
                                conn.new Inbound());
                    }
                })
                .connect(new InetSocketAddress(uri.getHost(), port), new InetSocketAddress(local, 0))
                .addListener(f -> {
                    if (!f.isSuccess()) conn.opened().completeExceptionally(f.cause());
                });
        return conn;
    }

    static Opened open(Main.Context ctx, List<Api.User> users, WsConn.Handler handler, int concurrency, int sourceIps,
                       int eventLoops) throws Exception {
        EventLoopGroup loops = eventLoops(eventLoops);
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 0; i < Math.max(1, sourceIps); i++) sources.add(InetAddress.getByName("127.0.0." + (1 + i)));
        WsConn[] conns = new WsConn[users.size()];
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        Latencies handshakes = new Latencies(users.size());
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(users.size());
        AtomicLong opened = new AtomicLong();
        long t0 = System.nanoTime();
        for (int i = 0; i < users.size(); i++) {
            permits.acquire();
            int index = i;
            long start = System.nanoTime();
            CompletableFuture<WsConn> f = connect(loops, ctx.wsUri(users.get(i)), sources.get(i % sources.size()), users.get(i), i,
                    handler, Duration.ofSeconds(30)).opened();
            f.whenComplete((conn, e) -> {
                long took = System.nanoTime() - start;
                if (e == null) {
                    conns[index] = conn;
                    handshakes.record(took);
                    long n = opened.incrementAndGet();
                    if (n % 2000 == 0) Log.info("  %,d WebSockets open", n);
                } else {
                    failures.computeIfAbsent(reason(e), k -> new AtomicInteger()).incrementAndGet();
                }
                permits.release();
                done.countDown();
            });
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<WsConn> ok = new ArrayList<>();
        for (WsConn c : conns) if (c != null) ok.add(c);
        Map<String, Integer> f = new TreeMap<>();
        failures.forEach((k, v) -> f.put(k, v.get()));
        Log.info("opened %,d of %,d WebSockets in %.1f s%s", ok.size(), users.size(), seconds, f.isEmpty() ? "" : "; failures " + f);
        return new Opened(ok, users.size(), f, handshakes, seconds);
    }

    /** A short, groupable failure reason: exception class and the first words of its message. */
    static String reason(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t.getCause() != null && t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? "" : t.getMessage();
        if (msg.length() > 80) msg = msg.substring(0, 80);
        return t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }

    /** Sends an application-level {@code ping} on every open socket every {@code interval}, spread over the interval. */
    static Thread heartbeat(List<WsConn> conns, Duration interval) {
        if (interval.isZero() || interval.isNegative()) return null;
        return Thread.ofVirtual().name("heartbeat").start(() -> {
            long gapNanos = Math.max(1, interval.toNanos() / Math.max(1, conns.size()));
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (WsConn c : conns) {
                        if (c.open()) c.send(Frames.PING);
                        java.util.concurrent.locks.LockSupport.parkNanos(gapNanos);
                        if (Thread.currentThread().isInterrupted()) return;
                    }
                }
            } catch (RuntimeException ignored) {
                // the run is ending
            }
        });
    }

    static void closeAll(List<WsConn> conns) {
        for (WsConn c : conns) c.close();
    }
}
