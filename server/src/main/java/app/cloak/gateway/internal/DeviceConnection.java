package app.cloak.gateway.internal;

import app.cloak.messaging.DeviceApi;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.shared.Caller;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One device's socket. Everything it is sent from the change feed goes through {@link #drain}, under
 * one lock, so the device sees changes in feed order and its cursor only moves past what was written.
 */
final class DeviceConnection {
    private static final Logger log = LoggerFactory.getLogger(DeviceConnection.class);

    final String id;
    final Caller caller;
    private final WebSocketSession session;
    private final DeviceApi device;
    private final JsonMapper json;
    private final EventFrames eventFrames;
    private final int pageSize;
    private final Bucket frames;
    private final AtomicInteger strikes = new AtomicInteger();
    /** How long after its last refused frame a client's strikes are forgotten: as long as its whole burst takes to come back. */
    private final long strikeMemoryNanos;
    private long lastStrikeNanos;   // frames of one connection are handled one at a time
    private final ReentrantLock feedLock = new ReentrantLock();
    private final Queue<Task> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final List<SignalBus.Registration> registrations = new ArrayList<>();
    private volatile long lastInbound = System.nanoTime();
    private StringBuilder partial;
    private long partialBytes;   // UTF-8 bytes in partial
    private long binaryBytes;    // of a binary frame coming in parts
    private boolean oversized;
    private long cursor;
    /**
     * Whether {@link #cursor} continues one the device gave (a replay or a {@code sync} completed): only then may an
     * event carry it. A socket opened without a cursor starts at the feed's head, and a cursor stamped from there would
     * skip what came before it if the device saved it before syncing.
     */
    private volatile boolean anchored;
    private final Instant tokenExpires;
    /**
     * Typing shown on this connection and when it lapses unless renewed: the typist's node passes a start on again
     * while typing goes on and sends the stop, but a node that died sends neither, so the stop is made here
     * ({@link #typingExpired}). Null until the first typing event (most connections never hold one).
     */
    private Map<Typist, Long> typingShown;

    /** {@code start}: the feed version the connection starts after (null: the head now). */
    DeviceConnection(String id, Caller caller, Instant tokenExpires, WebSocketSession session, DeviceApi device, JsonMapper json,
                     EventFrames eventFrames, GatewaySettings settings, Long start) {
        this.id = id;
        this.caller = caller;
        this.tokenExpires = tokenExpires;
        this.session = session;
        this.device = device;
        this.json = json;
        this.eventFrames = eventFrames;
        this.pageSize = settings.syncPageSize();
        this.strikeMemoryNanos = Duration.ofSeconds(1).toNanos() * settings.burst() / settings.framesPerSecond();
        this.frames = Bucket.builder().addLimit(l -> l.capacity(settings.burst())
                .refillGreedy(settings.framesPerSecond(), Duration.ofSeconds(1))).build();
        this.cursor = start != null ? start : device.head();
    }

    synchronized void registered(SignalBus.Registration registration) {
        registrations.add(registration);
        if (releasedOnce.get()) release();      // closed meanwhile: nothing may stay registered
    }

    private final AtomicBoolean releasedOnce = new AtomicBoolean();

    /** Closes the signal registrations; true only for the first call (cleanup may be reached twice). */
    synchronized boolean release() {
        for (var registration : registrations) {
            try {
                registration.close();
            } catch (RuntimeException e) {   // the rest of the cleanup (presence) must still happen
                log.warn("Closing a signal registration of connection {} failed: {}", id, e.toString());
            }
        }
        registrations.clear();
        return releasedOnce.compareAndSet(false, true);
    }

    /** Whether the access token the socket was opened with has expired (then the socket must go). */
    boolean tokenExpired(Instant now) {
        return tokenExpires != null && !now.isBefore(tokenExpires);
    }

    boolean open() {
        return session.isOpen();
    }

    void touched() {
        lastInbound = System.nanoTime();
    }

    Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastInbound);
    }

    /**
     * Joins the parts of one frame; returns the whole frame once its last part is in, null before that
     * or when the frame is over {@code maxBytes} UTF-8 bytes (then {@link #oversized()}).
     */
    String assemble(String part, boolean last, int maxBytes) {
        if (partial == null && last) return utf8Length(part) > maxBytes ? tooBig() : part;
        if (partial == null) {
            partial = new StringBuilder();
            partialBytes = 0;
        }
        partial.append(part);
        partialBytes += utf8Length(part);
        if (partialBytes > maxBytes) return tooBig();
        if (!last) return null;
        String whole = partial.toString();
        partial = null;
        return whole;
    }

    /** Counts a part of a binary frame (refused whole once in); returns the frame's bytes so far. */
    long binaryPart(int bytes, boolean last) {
        long sofar = binaryBytes + bytes;
        binaryBytes = last ? 0 : sofar;
        return sofar;
    }

    boolean oversized() {
        return oversized;
    }

    private String tooBig() {
        partial = null;
        oversized = true;
        return null;
    }

    private static long utf8Length(CharSequence s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /**
     * Whether another frame is allowed now; counts the strikes of a flooding client. A client that stayed within the
     * limit long enough for its whole burst to come back starts again from no strikes: only a flood that goes on
     * is closed, not a client that overshoots now and then.
     */
    boolean admit() {
        long now = System.nanoTime();
        if (frames.tryConsume(1)) return true;
        if (now - lastStrikeNanos > strikeMemoryNanos) strikes.set(0);
        lastStrikeNanos = now;
        strikes.incrementAndGet();
        return false;
    }

    int strikes() {
        return strikes.get();
    }

    interface Task {
        void run() throws IOException;
    }

    /** A poke: read the feed soon; pokes arriving before that read starts fold into it. */
    void poke() {
        if (drainQueued.compareAndSet(false, true)) {
            submit(() -> {
                drainQueued.set(false);
                drain(null);
            });
        }
    }

    /** A ready event from a signal (typing, presence), written in the order signals arrived. */
    void deliver(ObjectNode event) {
        submit(() -> send(event));
    }

    /** A chat and someone typing in it. */
    record Typist(String chatId, String userId) {}

    /** A typing event is going out on this connection: a start (re)arms its lapse at {@code lapseAt}, a stop clears it. */
    synchronized void typing(String chatId, String userId, boolean start, long lapseAt) {
        var key = new Typist(chatId, userId);
        if (start) {
            if (typingShown == null) typingShown = new HashMap<>();
            typingShown.put(key, lapseAt);
        } else if (typingShown != null) {
            typingShown.remove(key);
        }
    }

    /** The typing shown here that lapsed by {@code now}, forgotten as it is returned. */
    synchronized List<Typist> typingExpired(long now) {
        if (typingShown == null || typingShown.isEmpty()) return List.of();
        List<Typist> out = new ArrayList<>();
        for (var it = typingShown.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue() > now) continue;
            out.add(e.getKey());
            it.remove();
        }
        return out;
    }

    /**
     * Pokes and signalled events run one at a time, in arrival order, on a virtual thread: the
     * signalling thread never waits for a slow socket, and what was signalled first is written first.
     */
    void submit(Task task) {
        outbox.add(task);
        if (running.compareAndSet(false, true)) Thread.ofVirtual().name("conn-" + id).start(this::runOutbox);
    }

    private void runOutbox() {
        do {
            Task task;
            while ((task = outbox.poll()) != null) {
                if (!open()) {
                    outbox.clear();
                    break;
                }
                try {
                    task.run();
                } catch (IOException | RuntimeException e) {
                    log.debug("Writing to connection {} failed", id, e);
                }
            }
            running.set(false);
        } while (!outbox.isEmpty() && running.compareAndSet(false, true));
    }

    /**
     * Sends every change after the cursor ({@code from}, when given, replaces it: a {@code sync}).
     * Returns the cursor reached. The last event of each page carries the cursor reached with it ({@code "cursor"}),
     * once the connection continues a cursor the device gave ({@link #anchored}): a device that saves it reconnects from
     * there, not from its last {@code sync.done} (which a connection open for a day would have it replay the day from).
     */
    long drain(Long from) throws IOException {
        feedLock.lock();
        try {
            long at = from != null ? from : cursor;
            DeviceApi.FeedPage page;
            do {
                page = device.since(caller.userId(), at, pageSize);   // a bad cursor throws here, before anything moves
                var updates = page.updates();
                boolean stamp = from != null || anchored;
                for (int i = 0; i < updates.size(); i++) {
                    String frame = eventFrames.of(updates.get(i));
                    send(stamp && i == updates.size() - 1 ? withCursor(frame, page.cursor()) : frame);
                }
                at = page.cursor();
                cursor = at;
            } while (page.more() && open());
            if (from != null) anchored = true;
            return cursor;
        } finally {
            feedLock.unlock();
        }
    }

    /** The event frame (a JSON object, shared by every recipient) with {@code "cursor"} added for this one. */
    static String withCursor(String frame, long cursor) {
        return frame.substring(0, frame.length() - 1) + ",\"cursor\":\"" + cursor + "\"}";
    }

    void send(ObjectNode event) throws IOException {
        send(json.writeValueAsString(event));
    }

    void send(String eventJson) throws IOException {
        session.sendMessage(new TextMessage(eventJson));
    }

    void ping(org.springframework.web.socket.PingMessage ping) throws IOException {
        session.sendMessage(ping);
    }

    void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException e) {
            log.debug("Close failed for connection {}", id, e);
        }
    }
}
