package app.cloak.presence.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Storage port for connected devices, last seen and the visibility setting. */
public interface PresenceStore {
    /**
     * Adds the device, or hands it to {@code connectionId} if another connection held it; returns whether the user had
     * no connected device before (a device reconnecting while its old connection is still there was connected).
     */
    boolean connect(String userId, String deviceId, String nodeId, String connectionId, long now);

    /**
     * Removes the device if {@code connectionId} still holds it (it may have reconnected elsewhere);
     * returns whether that left the user with no connected device.
     */
    boolean disconnect(String userId, String deviceId, String connectionId);

    /** Moves the user's last seen up to {@code at}; never back. */
    void touchLastSeen(String userId, long at);

    void heartbeat(String nodeId, long now);

    /**
     * Removes devices not refreshed since {@code staleBefore}; returns the users left with no device, each with when its
     * devices' node was last heard of (their last seen: the node died then, not when the sweep noticed).
     */
    Map<String, Long> sweep(long staleBefore);

    Map<String, Boolean> online(Collection<String> userIds);

    Map<String, Long> lastSeen(Collection<String> userIds);
}
