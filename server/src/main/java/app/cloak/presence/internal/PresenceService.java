package app.cloak.presence.internal;

import app.cloak.chats.ChatInfo;
import app.cloak.chats.ChatsApi;
import app.cloak.identity.BlockChanged;
import app.cloak.identity.IdentityApi;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.UserSignals;
import app.cloak.platform.persistence.AfterCommit;
import app.cloak.presence.PresenceApi;
import app.cloak.privacy.PolicyChanged;
import app.cloak.privacy.PrivacyApi;
import app.cloak.shared.Ids;
import app.cloak.shared.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Online when at least one device is connected anywhere in the cluster; last seen when the last one
 * goes. Who is told: people sharing a chat with the user ({@code lastSeen: everyone}), only those
 * with a direct chat ({@code contacts}), or nobody; never anyone on either side of a block. A user
 * who appears offline is offline to everyone, with last seen frozen at the moment they chose it; the
 * members of a chat the user reads privately (cloak) see no presence change from them at all.
 */
@Service
public class PresenceService implements PresenceApi {
    private final String nodeId = Ids.newId("n");
    private final PresenceStore store;
    private final ChatsApi chats;
    private final IdentityApi identity;
    private final PrivacyApi privacy;
    private final SignalBus signals;
    private final PresenceSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    PresenceService(PresenceStore store, ChatsApi chats, IdentityApi identity, PrivacyApi privacy, SignalBus signals,
                    PresenceSettings settings, JsonMapper json, Clock clock) {
        this.store = store;
        this.chats = chats;
        this.identity = identity;
        this.privacy = privacy;
        this.signals = signals;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void connected(String userId, String deviceId, String connectionId) {
        boolean cameOnline = store.connect(userId, deviceId, nodeId, connectionId, clock.millis());
        if (cameOnline && !privacy.policy(userId).appearOffline()) announce(userId, true, null);
    }

    @Override
    public void disconnected(String userId, String deviceId, String connectionId) {
        if (store.disconnect(userId, deviceId, connectionId)) {
            wentOffline(userId);
        } else if (!privacy.policy(userId).appearOffline()) {
            // Still online on another device, maybe one on a node that died: if that one is swept later, the user was
            // last seen no earlier than now.
            store.touchLastSeen(userId, clock.millis());
        }
    }

    @Override
    public Set<String> connectedAmong(java.util.Collection<String> userIds) {
        if (userIds.isEmpty()) return Set.of();
        Set<String> out = new java.util.HashSet<>();
        store.online(userIds).forEach((user, online) -> {
            if (online) out.add(user);
        });
        return out;
    }

    @Override
    public List<Presence> contactsSeenBy(String viewerId) {
        Set<String> partners = new LinkedHashSet<>();
        for (ChatInfo chat : chats.chatsOf(viewerId)) {
            if (!ChatsApi.DIRECT.equals(chat.type())) continue;
            chat.members().stream().map(ChatInfo.Member::userId).filter(u -> !u.equals(viewerId)).forEach(partners::add);
        }
        return seenBy(viewerId, List.copyOf(partners));
    }

    @Override
    public List<Presence> seenBy(String viewerId, List<String> userIds) {
        Set<String> partners = new LinkedHashSet<>(userIds);
        partners.removeIf(p -> p.equals(viewerId) || !audience(p).contains(viewerId));
        return statesOf(partners);
    }

    /** What anyone allowed to see each of {@code userIds}' presence sees (one read of who is online, one of last seen). */
    private List<Presence> statesOf(Collection<String> userIds) {
        var online = store.online(userIds);
        var lastSeen = store.lastSeen(userIds);
        List<Presence> out = new ArrayList<>();
        for (String p : userIds) {
            boolean on = online.getOrDefault(p, false) && !privacy.policy(p).appearOffline();
            out.add(new Presence(p, on, on ? null : Times.isoOrNull(lastSeen.get(p))));
        }
        return out;
    }

    /**
     * Appearing offline while connected: others see the user leave now; coming back: they see them online. A new
     * {@code lastSeen} visibility: whoever may no longer see the user is told so at once ({@code online false,
     * lastSeen null}: nothing to show), whoever now may is told what there is to see. After the change commits.
     */
    @EventListener
    void on(PolicyChanged change) {
        AfterCommit.run(() -> changed(change));
    }

    private void changed(PolicyChanged change) {
        if (!change.before().lastSeen().equals(change.after().lastSeen())) {
            Set<String> before = audience(change.userId(), change.before().lastSeen());
            Set<String> after = audience(change.userId(), change.after().lastSeen());
            for (String viewer : before) if (!after.contains(viewer)) tell(viewer, change.userId(), false, null);
            Presence now = null;   // the same for every viewer who may see it now: read once
            for (String viewer : after) {
                if (before.contains(viewer)) continue;
                if (now == null) now = statesOf(List.of(change.userId())).getFirst();
                tell(viewer, now.userId(), now.online(), now.lastSeen());
            }
        }
        if (change.before().appearOffline() == change.after().appearOffline()) return;
        if (!store.online(List.of(change.userId())).getOrDefault(change.userId(), false)) return;
        if (change.after().appearOffline()) {
            long now = clock.millis();
            store.touchLastSeen(change.userId(), now);
            announce(change.userId(), false, now);
        } else {
            announce(change.userId(), true, null);
        }
    }

    /**
     * A block hides each of the two from the other at once (whoever could see the other is told there is nothing to
     * see); an unblock shows each what there is to see again, as far as the rest allows. After the change commits.
     */
    @EventListener
    void on(BlockChanged change) {
        AfterCommit.run(() -> changed(change));
    }

    private void changed(BlockChanged change) {
        String a = change.blocker(), b = change.blockedUser();
        if (change.blocked()) {
            if (candidates(a, privacy.policy(a).lastSeen()).contains(b)) tell(b, a, false, null);
            if (candidates(b, privacy.policy(b).lastSeen()).contains(a)) tell(a, b, false, null);
        } else {
            show(b, a);
            show(a, b);
        }
    }

    /** Tells {@code viewer} the presence of {@code userId} they may see now, if any. */
    private void show(String viewer, String userId) {
        for (var p : seenBy(viewer, List.of(userId))) tell(viewer, p.userId(), p.online(), p.lastSeen());
    }

    private void tell(String viewer, String userId, boolean online, String lastSeen) {
        String event = json.writeValueAsString(new PresenceEvent("presence", userId, online, lastSeen));
        signals.signal(UserSignals.key(viewer), UserSignals.event(event));
    }

    /** Keeps this node's devices fresh and takes devices of nodes that stopped (crashed) offline. */
    @Scheduled(fixedDelayString = "${cloak.presence.heartbeat:PT15S}")
    void heartbeatAndSweep() {
        long now = clock.millis();
        store.heartbeat(nodeId, now);
        store.sweep(now - settings.staleAfter().toMillis()).forEach(this::wentOffline);
    }

    private void wentOffline(String userId) {
        wentOffline(userId, clock.millis());
    }

    private void wentOffline(String userId, long at) {
        if (privacy.policy(userId).appearOffline()) return;      // last seen stays frozen, nobody is told
        store.touchLastSeen(userId, at);
        // the later of the two: a device of theirs that left after the one swept now (at) set it already
        announce(userId, false, store.lastSeen(List.of(userId)).getOrDefault(userId, at));
    }

    private void announce(String userId, boolean online, Long lastSeen) {
        String event = json.writeValueAsString(new PresenceEvent("presence", userId, online, Times.isoOrNull(lastSeen)));
        for (String viewer : audience(userId)) signals.signal(UserSignals.key(viewer), UserSignals.event(event));
    }

    private record PresenceEvent(String type, String userId, boolean online, String lastSeen) {}

    /** Everyone allowed to see {@code userId}'s presence. */
    Set<String> audience(String userId) {
        return audience(userId, privacy.policy(userId).lastSeen());
    }

    /** Everyone allowed to see {@code userId}'s presence were it visible to {@code visibility}. */
    private Set<String> audience(String userId, String visibility) {
        Set<String> out = candidates(userId, visibility);
        out.removeIf(v -> identity.hasBlocked(userId, v) || identity.hasBlocked(v, userId));
        return out;
    }

    /** Who would see {@code userId}'s presence with this {@code visibility}, blocks aside. */
    private Set<String> candidates(String userId, String visibility) {
        Set<String> out = new LinkedHashSet<>();
        if (PrivacyApi.NOBODY.equals(visibility)) return out;
        Set<String> readingPrivately = new LinkedHashSet<>();
        for (ChatInfo chat : chats.chatsOf(userId)) {
            if (privacy.cloaked(userId, chat.chatId())) {
                chat.members().stream().map(ChatInfo.Member::userId).forEach(readingPrivately::add);
                continue;
            }
            if (PrivacyApi.CONTACTS.equals(visibility) && !ChatsApi.DIRECT.equals(chat.type())) continue;
            chat.members().stream().map(ChatInfo.Member::userId).forEach(out::add);
        }
        // Whoever shares a chat the user reads privately never sees them come or go (the cloak invariant).
        out.removeAll(readingPrivately);
        out.remove(userId);
        return out;
    }
}
