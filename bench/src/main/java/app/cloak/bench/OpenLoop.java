package app.cloak.bench;

import java.time.Duration;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop phase: message {@code k} is due at {@code start + k / rate}, whatever happened to earlier ones
 * (no coordinated omission: a slow server does not slow the sender down). Latencies are measured from the
 * <em>scheduled</em> time, so any queueing in the load generator counts against the result, not for it.
 * Messages scheduled in the warm-up are sent but not measured.
 */
final class OpenLoop implements WsConn.Handler {
    /** Who sends message k, and where. */
    record Target(WsConn from, String chatId) {}

    interface Targets {
        Target of(int k);
    }

    final int phase;
    final double rate;
    final int total;
    final int recipientsPerMessage;
    /**
     * Pings instead of messages (ws-send --ping): each "message" is an application-level {@code ping} and its ack is the
     * {@code pong}, matched in order per socket (the server answers a socket's frames in order); no deliveries. The
     * server's cheapest path, for the load generator's own cost at rates the message path cannot take.
     */
    private final boolean pings;
    private final java.util.ArrayDeque<Integer>[] pendingPings;
    private static final byte[] PING = Frames.PING.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    final long start;
    final long measureFrom;
    final long measureTo;
    private final AtomicLongArray scheduled;
    private final AtomicLongArray ackAt;
    private final AtomicIntegerArray deliveries;
    private final Latencies[] deliveryLatency;
    private final LongAdder deliveriesInWindow = new LongAdder();
    private final LongAdder acksInWindow = new LongAdder();
    private final LongAdder echoes = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile long lastSentAt;
    private volatile long maxSchedulerLagNanos;

    OpenLoop(int phase, double rate, Duration warmup, Duration duration, int connections, int recipientsPerMessage) {
        this(phase, rate, warmup, duration, connections, recipientsPerMessage, false);
    }

    @SuppressWarnings("unchecked")
    OpenLoop(int phase, double rate, Duration warmup, Duration duration, int connections, int recipientsPerMessage, boolean pings) {
        this.pings = pings;
        this.pendingPings = pings ? new java.util.ArrayDeque[connections] : null;
        if (pings) for (int i = 0; i < connections; i++) pendingPings[i] = new java.util.ArrayDeque<>();
        this.phase = phase;
        this.rate = rate;
        this.recipientsPerMessage = recipientsPerMessage;
        long total = (long) Math.floor(rate * (warmup.toNanos() + duration.toNanos()) / 1e9);
        if (total > 50_000_000) throw new IllegalArgumentException("rate × time too large: " + total + " messages");
        this.total = (int) total;
        this.start = System.nanoTime() + 100_000_000L;
        this.measureFrom = start + warmup.toNanos();
        this.measureTo = measureFrom + duration.toNanos();
        scheduled = new AtomicLongArray(this.total);
        ackAt = new AtomicLongArray(this.total);
        deliveries = new AtomicIntegerArray(this.total);
        deliveryLatency = new Latencies[connections];
        for (int i = 0; i < connections; i++) deliveryLatency[i] = new Latencies(256);
    }

    long due(int k) {
        return start + (long) (k * 1e9 / rate);
    }

    /**
     * Sends every message at its due time and returns when the last one is written. The sending runs on the event loop
     * of the sockets (see {@link WsFleet}), as a task that sends what is due and re-queues itself, so a send needs no
     * hand-over between threads.
     *
     * <p>With {@code tickNanos > 0} (the scenarios' {@code --tick}, default 1 ms) the loop works on a clock while
     * the phase sends: each tick it writes every message due by then (one flush per socket), then the task parks the
     * loop until the next tick, so the frames that arrived meanwhile are read in one pass. This keeps the generator's
     * thread wake-ups and system calls per message low (on this machine they, not Java code, were most of its CPU per
     * message), at a price that the latencies show honestly: a message leaves up to one tick after its scheduled time
     * and a frame's arrival is stamped up to one tick late, and latency counts from the scheduled time.
     * With {@code tickNanos == 0} every message is sent at its due time and every frame is read when it arrives
     * (the loop's timer: millisecond resolution).
     */
    void drive(Targets targets, tools.jackson.databind.ObjectMapper json, String filler, long tickNanos) throws InterruptedException {
        if (total == 0) return;
        Pump pump = new Pump(targets, json, filler, tickNanos);
        pump.loop.execute(pump);
        try {
            pump.done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the send loop failed", e.getCause());
        }
        lastSentAt = System.nanoTime();
        maxSchedulerLagNanos = pump.maxLag;
    }

    /** The sending task; runs only on {@link #loop}. */
    private final class Pump implements Runnable {
        final EventLoop loop;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Targets targets;
        private final tools.jackson.databind.ObjectMapper json;
        private final String filler;
        private final long tickNanos;
        private final Map<String, Frames.SendTemplate> templates = new HashMap<>();
        private final List<WsConn> toFlush = new ArrayList<>();
        private int k;
        private long nextTick;
        long maxLag;

        Pump(Targets targets, tools.jackson.databind.ObjectMapper json, String filler, long tickNanos) {
            this.targets = targets;
            this.json = json;
            this.filler = filler;
            this.tickNanos = tickNanos;
            this.loop = targets.of(0).from().eventLoop();
            this.nextTick = start;
        }

        @Override
        public void run() {
            try {
                long now = System.nanoTime();
                if (k < total && due(k) <= now) {
                    maxLag = Math.max(maxLag, now - due(k));
                    List<WsConn> elsewhere = null;
                    List<ByteBuf> elsewhereFrames = null;
                    for (long due; k < total && (due = due(k)) <= now; k++) {
                        scheduled.set(k, due);
                        Target t = targets.of(k);
                        WsConn from = t.from();
                        if (!from.open()) {
                            errors.computeIfAbsent("send: socket closed", x -> new LongAdder()).increment();
                            continue;
                        }
                        ByteBuf frame;
                        if (pings) {
                            frame = Unpooled.wrappedBuffer(PING);
                            pendingPings[from.index].add(k);   // on the loop, like the pongs that take them off
                        } else {
                            Frames.SendTemplate tpl = templates.computeIfAbsent(t.chatId(), c -> new Frames.SendTemplate(json, c, filler));
                            byte[] b = new byte[tpl.maxLength()];
                            frame = Unpooled.wrappedBuffer(b, 0, tpl.write(b, 0, phase, k));
                        }
                        if (from.eventLoop() == loop) {
                            if (from.writeNow(frame)) toFlush.add(from);
                        } else {
                            if (elsewhere == null) {
                                elsewhere = new ArrayList<>();
                                elsewhereFrames = new ArrayList<>();
                            }
                            elsewhere.add(from);
                            elsewhereFrames.add(frame);
                        }
                    }
                    WsConn.flushAll(toFlush);
                    toFlush.clear();
                    if (elsewhere != null) WsConn.sendBatch(elsewhere, elsewhereFrames);
                }
                if (k >= total) {
                    done.complete(null);
                    return;
                }
                if (tickNanos <= 0) {
                    loop.schedule(this, Math.max(0, due(k) - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                }
                // the clock: park the loop until the next tick (frames arriving meanwhile wait in the socket buffers)
                nextTick += tickNanos;
                long t = System.nanoTime();
                if (nextTick <= t) nextTick = t + tickNanos;   // fell behind: start the clock again from now
                for (long left; (left = nextTick - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
                // Due at once, but as a scheduled task: the loop first reads what arrived during the park. (Queued with
                // execute() it would run again in the same task pass, and Netty runs tasks for up to a second before
                // it turns to I/O again: frames were read about once a second, and latencies spread over 0-1 s.)
                loop.schedule(this, 0, TimeUnit.NANOSECONDS);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }
    }

    /** Waits until every ack and every delivery has arrived, or {@code timeout}. */
    boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (missingAcks() == 0 && missingDeliveries() == 0) return true;
            Thread.sleep(50);
        }
        return missingAcks() == 0 && missingDeliveries() == 0;
    }

    long missingAcks() {
        long m = 0;
        for (int k = 0; k < total; k++) if (ackAt.get(k) == 0) m++;
        return m;
    }

    long missingDeliveries() {
        long m = 0;
        for (int k = 0; k < total; k++) m += Math.max(0, recipientsPerMessage - deliveries.get(k));
        return m;
    }

    @Override
    public void onFrame(WsConn conn, Frames.Frame f, long now) {
        switch (f.type()) {
            case "message.sent" -> acked(index(Frames.parseTag(f.clientMsgId())), now);
            case "pong" -> {
                if (pings) {
                    Integer k = pendingPings[conn.index].poll();
                    acked(k == null ? -1 : k, now);
                }
            }
            case "message.new" -> {
                int k = index(Frames.parseTag(f.text()));
                if (k < 0) {
                    foreign.increment();
                } else if (conn.user.userId().equals(f.senderId())) {
                    echoes.increment();
                } else {
                    long due = scheduled.get(k);
                    if (due >= measureFrom && due < measureTo) deliveryLatency[conn.index].record(now - due);
                    if (now >= measureFrom && now < measureTo) deliveriesInWindow.increment();
                    deliveries.incrementAndGet(k); // after the record: the drain's read of this publishes it
                }
            }
            case "error" -> errors.computeIfAbsent("error " + f.code(), x -> new LongAdder()).increment();
            default -> {
                // presence, typing, status, pong…: not part of this measurement
            }
        }
    }

    private void acked(int k, long now) {
        if (k < 0) {
            foreign.increment();
        } else if (ackAt.compareAndSet(k, 0, now) && now >= measureFrom && now < measureTo) {
            acksInWindow.increment();
        }
    }

    private int index(int[] tag) {
        if (tag == null || tag[0] != phase || tag[1] >= total) return -1;
        return tag[1];
    }

    /** The phase's figures; call after {@link #drain}. */
    Result result() {
        double seconds = (measureTo - measureFrom) / 1e9;
        Latencies acks = new Latencies(total);
        long measured = 0, measuredAcked = 0;
        for (int k = 0; k < total; k++) {
            long due = scheduled.get(k);
            if (due < measureFrom || due >= measureTo) continue;
            measured++;
            long a = ackAt.get(k);
            if (a != 0) {
                measuredAcked++;
                acks.record(a - due);
            }
        }
        Latencies delivered = Latencies.merge(List.of(deliveryLatency));
        Map<String, Long> err = new TreeMap<>();
        errors.forEach((k, v) -> err.put(k, v.sum()));
        return new Result(phase, rate, seconds, measured, measuredAcked, acksInWindow.sum() / seconds,
                deliveriesInWindow.sum() / seconds, acks.summary(), delivered.summary(), missingAcks(), missingDeliveries(),
                echoes.sum(), maxSchedulerLagNanos / 1e6, err);
    }

    record Result(int phase, double targetRate, double seconds, long measured, long measuredAcked, double ackedPerSecond,
                  double deliveriesPerSecond, Latencies.Summary ack, Latencies.Summary delivery, long missingAcks,
                  long missingDeliveries, long echoes, double maxSchedulerLagMs, Map<String, Long> errors) {
        /**
         * Sustained: no backlog (every message acked and delivered by the end of the drain, acks kept up with
         * 95 % of the rate, no error frames) and both the ack p99 and the send → receive p99 under 1 s: a delivery
         * p99 of seconds means the fan-out is falling behind even when the acks are fast.
         */
        boolean sustained() {
            boolean noDeliveriesExpected = delivery.count() == 0 && missingDeliveries == 0;   // --ping
            return missingAcks == 0 && missingDeliveries == 0 && ack.p99Ms() >= 0 && ack.p99Ms() < 1000
                    && (noDeliveriesExpected || delivery.p99Ms() >= 0 && delivery.p99Ms() < 1000)
                    && ackedPerSecond >= 0.95 * targetRate && errors.isEmpty();
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("targetRate", targetRate);
            m.put("seconds", seconds);
            m.put("measuredMessages", measured);
            m.put("ackedPerSecond", Math.round(ackedPerSecond * 10) / 10.0);
            m.put("deliveriesPerSecond", Math.round(deliveriesPerSecond * 10) / 10.0);
            m.put("ackLatency", ack.json());
            m.put("deliveryLatency", delivery.json());
            m.put("missingAcks", missingAcks);
            m.put("missingDeliveries", missingDeliveries);
            m.put("echoesToSender", echoes);
            m.put("maxSchedulerLagMs", Math.round(maxSchedulerLagMs * 10) / 10.0);
            m.put("errors", errors);
            m.put("sustained", sustained());
            return m;
        }

        List<String> lines() {
            List<String> l = new ArrayList<>();
            l.add("target rate       %,.0f msg/s for %.0f s (measured %,d messages)".formatted(targetRate, seconds, measured));
            l.add("acked             %,.1f msg/s in the window; missing acks after drain: %,d".formatted(ackedPerSecond, missingAcks));
            l.add("deliveries        %,.1f message.new/s in the window; missing after drain: %,d".formatted(deliveriesPerSecond, missingDeliveries));
            l.add("ack latency       " + ack.line());
            l.add("send→receive      " + delivery.line());
            l.add("scheduler lag     max %.1f ms; errors %s; sustained: %s".formatted(maxSchedulerLagMs, errors.isEmpty() ? "none" : errors,
                    sustained() ? "yes" : "no"));
            return l;
        }
    }
}
