package app.cloak.presence.internal;

import app.cloak.chats.ChatInfo;
import app.cloak.chats.ChatsApi;
import app.cloak.identity.IdentityApi;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.UserSignals;
import app.cloak.presence.PresenceApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Ids;
import app.cloak.shared.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Online when at least one device is connected anywhere in the cluster; last seen when the last one
 * goes. Who is told: people sharing a chat with the user (visibility {@code everyone}), only those
 * with a direct chat ({@code contacts}), or nobody; never anyone on either side of a block.
 */
@Service
public class PresenceService implements PresenceApi {
    public static final String EVERYONE = "everyone";
    public static final String CONTACTS = "contacts";
    public static final String NOBODY = "nobody";
    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

    private final String nodeId = Ids.newId("n");
    private final PresenceStore store;
    private final ChatsApi chats;
    private final IdentityApi identity;
    private final SignalBus signals;
    private final PresenceSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    PresenceService(PresenceStore store, ChatsApi chats, IdentityApi identity, SignalBus signals, PresenceSettings settings,
                    JsonMapper json, Clock clock) {
        this.store = store;
        this.chats = chats;
        this.identity = identity;
        this.signals = signals;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void connected(String userId, String deviceId, String connectionId) {
        if (store.connect(userId, deviceId, nodeId, connectionId, clock.millis())) announce(userId, true, null);
    }

    @Override
    public void disconnected(String userId, String deviceId, String connectionId) {
        long now = clock.millis();
        if (store.disconnect(userId, deviceId, connectionId, now)) announce(userId, false, now);
    }

    @Override
    public List<Presence> contactsSeenBy(String viewerId) {
        Set<String> partners = new LinkedHashSet<>();
        for (ChatInfo chat : chats.chatsOf(viewerId)) {
            if (!ChatsApi.DIRECT.equals(chat.type())) continue;
            chat.members().stream().map(ChatInfo.Member::userId).filter(u -> !u.equals(viewerId)).forEach(partners::add);
        }
        partners.removeIf(p -> !audience(p).contains(viewerId));
        var online = store.online(partners);
        var lastSeen = store.lastSeen(partners);
        List<Presence> out = new ArrayList<>();
        for (String p : partners) {
            boolean on = online.getOrDefault(p, false);
            out.add(new Presence(p, on, on ? null : Times.isoOrNull(lastSeen.get(p))));
        }
        return out;
    }

    public String visibility(String userId) {
        return store.visibility(userId).orElse(EVERYONE);
    }

    public String setVisibility(String userId, String visibility) {
        if (!Set.of(EVERYONE, CONTACTS, NOBODY).contains(visibility)) {
            throw ApiProblem.badRequest("invalid_parameter", "lastSeen is one of everyone, contacts, nobody");
        }
        store.setVisibility(userId, visibility);
        return visibility;
    }

    /** Keeps this node's devices fresh and takes devices of nodes that stopped (crashed) offline. */
    @Scheduled(fixedDelayString = "${cloak.presence.heartbeat:PT15S}")
    void heartbeatAndSweep() {
        long now = clock.millis();
        store.heartbeat(nodeId, now);
        for (String user : store.sweep(now - settings.staleAfter().toMillis(), now)) announce(user, false, now);
    }

    private void announce(String userId, boolean online, Long lastSeen) {
        String event;
        try {
            event = json.writeValueAsString(new PresenceEvent("presence", userId, online, Times.isoOrNull(lastSeen)));
        } catch (RuntimeException e) {
            log.warn("Could not write a presence event", e);
            return;
        }
        for (String viewer : audience(userId)) signals.signal(UserSignals.key(viewer), UserSignals.event(event));
    }

    private record PresenceEvent(String type, String userId, boolean online, String lastSeen) {}

    /** Everyone allowed to see {@code userId}'s presence. */
    Set<String> audience(String userId) {
        String visibility = visibility(userId);
        Set<String> out = new LinkedHashSet<>();
        if (NOBODY.equals(visibility)) return out;
        for (ChatInfo chat : chats.chatsOf(userId)) {
            if (CONTACTS.equals(visibility) && !ChatsApi.DIRECT.equals(chat.type())) continue;
            chat.members().stream().map(ChatInfo.Member::userId).forEach(out::add);
        }
        out.remove(userId);
        out.removeIf(v -> identity.hasBlocked(userId, v) || identity.hasBlocked(v, userId));
        return out;
    }
}
