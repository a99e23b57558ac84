package app.cloak.bench;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens one WebSocket per user with a bounded number of handshakes in flight. Sockets are spread over
 * {@code clients} JDK HTTP clients (each has its own selector thread) and over source addresses
 * 127.0.0.1 … 127.0.0.k: one source address can have only as many connections to one server port as the
 * ephemeral port range holds (28,232 with the default 32768–60999).
 */
final class WsFleet {
    record Opened(List<WsConn> conns, int attempted, Map<String, Integer> failures, Latencies handshakes, double seconds) {
        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private WsFleet() {}

    static Opened open(Main.Context ctx, List<Api.User> users, WsConn.Handler handler, int concurrency, int sourceIps,
                       int clientCount) throws Exception {
        int nClients = Math.max(1, Math.max(clientCount, sourceIps));
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < nClients; i++) {
            clients.add(HttpClient.newBuilder()
                    .localAddress(InetAddress.getByName("127.0.0." + (1 + i % Math.max(1, sourceIps))))
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .connectTimeout(Duration.ofSeconds(30))
                    .build());
        }
        WsConn[] conns = new WsConn[users.size()];
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        Latencies handshakes = new Latencies(users.size());
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(users.size());
        AtomicLong opened = new AtomicLong();
        long t0 = System.nanoTime();
        for (int i = 0; i < users.size(); i++) {
            permits.acquire();
            WsConn conn = new WsConn(users.get(i), i, ctx.json, handler);
            int index = i;
            long start = System.nanoTime();
            clients.get(i % nClients).newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(ctx.wsUri(users.get(i)), conn)
                    .whenComplete((ws, e) -> {
                        long took = System.nanoTime() - start;
                        if (e == null) {
                            conns[index] = conn;
                            synchronized (handshakes) {
                                handshakes.record(took);
                            }
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
