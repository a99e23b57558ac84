package app.cloak.gateway.internal;

import app.cloak.messaging.DeviceApi;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.UserSignals;
import app.cloak.presence.PresenceApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import app.cloak.shared.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code /ws}: one {@link DeviceConnection} per socket; frames in, events out. */
@Component
class DeviceGateway extends AbstractWebSocketHandler implements SmartLifecycle {
    static final CloseStatus REPLACED = new CloseStatus(4001, "Replaced by a newer connection of this device");
    static final CloseStatus SIGNED_OUT = new CloseStatus(4003, "This device was signed out");
    static final CloseStatus FLOODING = CloseStatus.POLICY_VIOLATION.withReason("Too many frames");
    private static final Logger log = LoggerFactory.getLogger(DeviceGateway.class);

    private final Map<String, DeviceConnection> connections = new ConcurrentHashMap<>();
    /** How many closed sockets do their presence work at once ({@link #disconnected}). */
    static final int PRESENCE_CLOSERS = 4;
    private final Semaphore presenceClosers = new Semaphore(PRESENCE_CLOSERS);
    private final DeviceApi device;
    private final SignalBus signals;
    private final PresenceApi presence;
    private final TypingIndicators typing;
    private final JsonMapper json;
    private final EventFrames frames;
    private final GatewaySettings settings;
    private final Clock clock;

    DeviceGateway(DeviceApi device, SignalBus signals, PresenceApi presence, TypingIndicators typing, JsonMapper json,
                  GatewaySettings settings, Clock clock) {
        this.clock = clock;
        this.device = device;
        this.signals = signals;
        this.presence = presence;
        this.typing = typing;
        this.json = json;
        this.frames = new EventFrames(json);
        this.settings = settings;
        // Pokes sent while this node was cut off from the cluster bus are lost: every socket reads its feed once the
        // node listens again (without this, a message sent during the outage waited for its recipient's next poke).
        signals.onResumed(() -> connections.values().forEach(DeviceConnection::poke));
    }

    private volatile boolean running;

    /** Stopping the node: sockets close first (1001), while the database is still there for presence. */
    @Override
    public void stop() {
        running = false;
        for (var conn : connections.values()) conn.close(CloseStatus.GOING_AWAY.withReason("Server shutting down"));
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    Collection<DeviceConnection> connections() {
        return connections.values();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        Caller caller = (Caller) raw.getAttributes().get(HandshakeAuthentication.CALLER);
        var session = new ConcurrentWebSocketSessionDecorator(raw, 10_000, settings.sendBufferBytes());
        var conn = new DeviceConnection(Ids.newId("w"), caller, (Instant) raw.getAttributes().get(HandshakeAuthentication.TOKEN_EXPIRES),
                session, device, json, frames, settings, (Long) raw.getAttributes().get(HandshakeAuthentication.START));
        connections.put(raw.getId(), conn);
        // ?cursor=: the replay is the connection's first task; pokes signalled from here on queue behind it,
        // so nothing live overtakes the replay (a sync frame sent after connecting cannot promise that).
        String resumeAt = (String) raw.getAttributes().get(HandshakeAuthentication.CURSOR);
        if (resumeAt != null) conn.submit(() -> {
            try {
                sync(conn, resumeAt.isEmpty() ? null : resumeAt);
            } catch (ApiProblem p) {
                error(conn, p.code(), p.detail(), null);
            }
        });
        // Online under this connection before the older one is told to go: its cleanup then finds the device held
        // by this connection and takes nobody offline (contacts see no offline-online flap on a reconnect).
        presence.connected(caller.userId(), caller.deviceId(), conn.id);
        // One connection per device, cluster-wide: a newer one tells the older ones (on any node) to go.
        String deviceKey = UserSignals.deviceKey(caller.deviceId());
        conn.registered(signals.listen(deviceKey, payload -> {
            String said = new String(payload, StandardCharsets.UTF_8);
            if (said.equals(UserSignals.SIGNED_OUT)) conn.close(SIGNED_OUT);
            else if (!said.equals(conn.id)) conn.close(REPLACED);
        }));
        signals.signal(deviceKey, conn.id.getBytes(StandardCharsets.UTF_8));
        conn.registered(signals.listen(UserSignals.key(caller.userId()), payload -> onSignal(conn, payload)));
        // Anything committed after this connection's cursor (the replay's read, or the head read before the handshake
        // completed) whose poke came before the line above: without this read, it waited for the user's next poke.
        conn.poke();
        if (!raw.isOpen()) {
            // Closed (replaced) while we were setting up: afterConnectionClosed may have run before our
            // registrations; undo them here. Both cleanups are safe to run twice.
            cleanUp(conn);
            disconnected(caller, conn.id);
            return;
        }
        for (var p : presence.contactsSeenBy(caller.userId())) {
            conn.send(json.createObjectNode().put("type", "presence").put("userId", p.userId()).put("online", p.online())
                    .put("lastSeen", p.lastSeen()));
        }
    }

    /**
     * Frames may arrive in parts: the container's per-socket buffer stays small (it is allocated for
     * every idle connection), and only a frame that is actually large costs memory, up to the limit.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage part) throws IOException {
        var conn = connections.get(raw.getId());
        if (conn == null) return;
        conn.touched();
        String whole = conn.assemble(part.getPayload(), part.isLast(), settings.maxFrameBytes());
        if (whole == null) {
            if (conn.oversized()) conn.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason("Frame over " + settings.maxFrameBytes() + " bytes"));
            return;
        }
        TextMessage message = new TextMessage(whole);
        if (!admitted(conn)) return;
        String ref = null;
        try {
            JsonNode node;
            try {
                node = json.readTree(message.getPayload());
            } catch (JacksonException e) {
                throw ApiProblem.badRequest("bad_frame", "The frame is not valid JSON");
            }
            if (node != null && node.isObject() && node.get("clientMsgId") != null && node.get("clientMsgId").isString()) {
                ref = node.get("clientMsgId").asString();
            }
            handle(conn, ClientFrame.parse(node));
        } catch (ApiProblem p) {
            error(conn, p.code(), p.detail(), ref);
        } catch (IllegalArgumentException e) {
            error(conn, "bad_frame", "The frame could not be handled", ref);
        } catch (RuntimeException e) {
            log.warn("A device frame failed unexpectedly", e);
            error(conn, "internal_error", "Something went wrong on the server; retry, with the same clientMsgId for a send", ref);
        }
    }

    private void handle(DeviceConnection conn, ClientFrame frame) throws IOException {
        Caller caller = conn.caller;
        switch (frame) {
            case ClientFrame.Send s -> {
                var sent = device.send(caller, new DeviceApi.SendMessage(s.chatId(), s.clientMsgId(), s.msgType(), s.text(), s.replyTo(),
                        s.mediaId(), s.viewOnce(), s.location(), s.contact(), s.forwardOf()));
                var m = sent.message();
                typing.stopIfTyping(caller, s.chatId());
                conn.send(json.createObjectNode().put("type", "message.sent").put("clientMsgId", s.clientMsgId())
                        .put("messageId", m.messageId()).put("chatId", m.chatId()).put("seq", m.seq()));
            }
            case ClientFrame.Read r -> device.markRead(caller, r.chatId(), r.upToSeq());
            case ClientFrame.Delivered d -> device.markDelivered(caller, d.chatId(), d.upToSeq());
            case ClientFrame.Typing t -> {
                if (t.start()) typing.start(caller, t.chatId());
                else typing.stop(caller, t.chatId());
            }
            case ClientFrame.Sync s -> sync(conn, s.cursor());
            case ClientFrame.Ping p -> conn.send("{\"type\":\"pong\"}");
        }
    }

    /** Replays the feed after {@code cursor} (null: from the start), then {@code sync.done} with the cursor reached. */
    private void sync(DeviceConnection conn, String cursor) throws IOException {
        long from = 0;
        if (cursor != null) {
            try {
                from = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("invalid_cursor", "Unknown sync cursor");
            }
        }
        long reached = conn.drain(from);
        conn.send(json.createObjectNode().put("type", "sync.done").put("cursor", Long.toString(reached)));
    }

    private void onSignal(DeviceConnection conn, byte[] payload) {
        if (Arrays.equals(payload, UserSignals.POKE)) {   // the common case (every message to every member): no parse
            conn.poke();
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (JacksonException e) {
            log.warn("Ignored a malformed user signal");
            return;
        }
        if (node.has("poke")) {
            conn.poke();
        } else if (node.get("event") instanceof ObjectNode event) {
            if ("typing".equals(event.path("type").asString(null))) {
                conn.typing(event.path("chatId").asString(""), event.path("userId").asString(""),
                        "start".equals(event.path("state").asString(null)), clock.millis() + typingLapse());
            }
            conn.deliver(event);
        }
    }

    /**
     * How long typing shown on a connection lasts without being renewed: the typist's node renews it while typing goes
     * on (at most every quarter timeout, as its client repeats the start) and stops it after a timeout of silence, so this only ever ends the typing of a
     * node that died.
     */
    private long typingLapse() {
        return settings.typingTimeout().toMillis() * 3 / 2;
    }

    /** Typing shown on a connection whose typist's node went away (no renewal, no stop): stopped here. */
    @Scheduled(fixedDelay = 1000)
    void stopLapsedTyping() {
        long now = clock.millis();
        for (var conn : connections.values()) {
            for (var lapsed : conn.typingExpired(now)) {
                conn.deliver(json.createObjectNode().put("type", "typing").put("chatId", lapsed.chatId())
                        .put("userId", lapsed.userId()).put("state", "stop"));
            }
        }
    }

    /** Frames are JSON text: a binary one gets an error frame (once whole), counts against the rate, and is dropped. */
    @Override
    protected void handleBinaryMessage(WebSocketSession raw, BinaryMessage part) throws IOException {
        var conn = connections.get(raw.getId());
        if (conn == null) return;
        conn.touched();
        if (conn.binaryPart(part.getPayloadLength(), part.isLast()) > settings.maxFrameBytes()) {
            conn.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason("Frame over " + settings.maxFrameBytes() + " bytes"));
            return;
        }
        if (!part.isLast() || !admitted(conn)) return;
        error(conn, "bad_frame", "Frames are JSON text; binary frames are not accepted", null);
    }

    /** Whether the frame may be handled; if not, the client is told to slow down, or closed once it keeps flooding. */
    private boolean admitted(DeviceConnection conn) throws IOException {
        if (conn.admit()) return true;
        if (conn.strikes() > settings.floodStrikes()) conn.close(FLOODING);
        else error(conn, "rate_limited", "Too many frames; slow down", null);
        return false;
    }

    @Override
    protected void handlePongMessage(WebSocketSession raw, PongMessage message) {
        var conn = connections.get(raw.getId());
        if (conn != null) conn.touched();
    }

    @Override
    public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
        var conn = connections.get(raw.getId());
        if (conn != null) cleanUp(conn);
    }

    private void cleanUp(DeviceConnection conn) {
        if (!conn.release()) return;
        connections.values().remove(conn);
        Caller caller = conn.caller;
        boolean lastHere = connections.values().stream().noneMatch(c -> c.caller.userId().equals(caller.userId()));
        if (lastHere) typing.stopAll(caller.userId());
        disconnected(caller, conn.id);
    }

    /**
     * Presence work of closed sockets, {@value #PRESENCE_CLOSERS} at a time: when thousands close at once (a network
     * blip, a proxy restart, a load test ending) each waits its turn here, not for a database connection, where past the
     * pool's timeout it failed and left its device online for as long as the node lives (1,234 of 12,000 did so on
     * PostgreSQL's pool of 10). A failure (the database gone while the node stops) is logged once per socket, briefly:
     * a stopped node's devices are swept by the others.
     */
    private void disconnected(Caller caller, String connectionId) {
        presenceClosers.acquireUninterruptibly();
        try {
            presence.disconnected(caller.userId(), caller.deviceId(), connectionId);
        } catch (RuntimeException e) {
            log.warn("A closed socket's device could not be taken offline: {}", e.toString());
        } finally {
            presenceClosers.release();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession raw, Throwable exception) {
        log.debug("Transport error on a device socket", exception);
    }

    private void error(DeviceConnection conn, String code, String detail, String ref) throws IOException {
        ObjectNode frame = json.createObjectNode().put("type", "error").put("code", code).put("detail", detail);
        frame.put("ref", ref);
        conn.send(frame);
    }
}
