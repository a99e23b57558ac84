package app.cloak.gateway.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.UserSignals;
import app.cloak.privacy.PrivacyApi;
import app.cloak.shared.Caller;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typing start/stop to the other members of a chat, straight through the signal bus (never stored).
 * A start repeated while typing extends it, and is passed on again at most every quarter timeout (2.5 s by default:
 * a client that repeats its start every 3 s, as the web client does, keeps the members' indicators lit, and their
 * nodes, which stop a start that is not renewed, {@link DeviceConnection#typingExpired}, keep showing it); silence
 * longer than the timeout stops it.
 */
@Component
class TypingIndicators {
    private record Key(String userId, String chatId) {}

    /** Until when the user is typing, and when a start was last passed on. */
    private record Typing(long until, long announcedAt) {}

    private final Map<Key, Typing> typingUntil = new ConcurrentHashMap<>();
    private final ChatsApi chats;
    private final PrivacyApi privacy;
    private final SignalBus signals;
    private final JsonMapper json;
    private final GatewaySettings settings;
    private final Clock clock;

    TypingIndicators(ChatsApi chats, PrivacyApi privacy, SignalBus signals, JsonMapper json, GatewaySettings settings, Clock clock) {
        this.chats = chats;
        this.privacy = privacy;
        this.signals = signals;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    /** Silently not shown when the user turned typing off or reads the chat privately (cloak). */
    void start(Caller caller, String chatId) {
        chats.checkCanPost(chatId, caller.userId());
        if (!privacy.mayShowTyping(caller.userId(), chatId)) return;
        var key = new Key(caller.userId(), chatId);
        long now = clock.millis(), timeout = settings.typingTimeout().toMillis();
        boolean[] passOn = {false};
        typingUntil.compute(key, (k, before) -> {
            passOn[0] = before == null || now - before.announcedAt() >= timeout / 4;
            return new Typing(now + timeout, passOn[0] ? now : before.announcedAt());
        });
        if (passOn[0]) announce(key, "start");
    }

    void stop(Caller caller, String chatId) {
        if (!chats.isMember(chatId, caller.userId())) throw app.cloak.shared.ApiProblem.notFound("Chat");
        stop(new Key(caller.userId(), chatId));
    }

    /** Sending a message ends typing in that chat. */
    void stopIfTyping(Caller caller, String chatId) {
        stop(new Key(caller.userId(), chatId));
    }

    /** A user's last connection on this node closed: whatever they were typing stops. */
    void stopAll(String userId) {
        typingUntil.keySet().stream().filter(k -> k.userId().equals(userId)).toList().forEach(this::stop);
    }

    @Scheduled(fixedDelay = 1000)
    void expire() {
        long now = clock.millis();
        typingUntil.forEach((key, typing) -> {
            if (typing.until() <= now) stop(key);
        });
    }

    private void stop(Key key) {
        if (typingUntil.remove(key) != null) announce(key, "stop");
    }

    private void announce(Key key, String state) {
        String event = json.writeValueAsString(Map.of("type", "typing", "chatId", key.chatId(), "userId", key.userId(), "state", state));
        for (String member : chats.memberIds(key.chatId())) {
            if (!member.equals(key.userId())) signals.signal(UserSignals.key(member), UserSignals.event(event));
        }
    }
}
