package app.cloak.presence;

import java.util.List;

/** Tracks connected devices; tells the users allowed to see it when someone comes online or goes offline. */
public interface PresenceApi {
    /** {@code lastSeen}: ISO instant, null while online or when never seen. */
    record Presence(String userId, boolean online, String lastSeen) {}

    /** {@code connectionId} tells a device's connections apart: a device that reconnected is not taken offline by its old socket. */
    void connected(String userId, String deviceId, String connectionId);

    void disconnected(String userId, String deviceId, String connectionId);

    /** The presence of the people {@code viewerId} has direct chats with, as far as each lets them see it. */
    List<Presence> contactsSeenBy(String viewerId);

    /**
     * Which of {@code userIds} have an open connection on any device anywhere in the cluster, whatever they let others
     * see (appearing offline included): for deciding whether to reach them by push instead. Never shown to anyone.
     */
    java.util.Set<String> connectedAmong(java.util.Collection<String> userIds);

    /** The presence of each of {@code userIds} that {@code viewerId} may see; the others are left out. */
    List<Presence> seenBy(String viewerId, List<String> userIds);
}
