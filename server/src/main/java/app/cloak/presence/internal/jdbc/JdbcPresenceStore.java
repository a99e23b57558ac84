package app.cloak.presence.internal.jdbc;

import app.cloak.presence.internal.PresenceStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
public class JdbcPresenceStore implements PresenceStore {
    private final JdbcClient jdbc;

    public JdbcPresenceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public boolean connect(String userId, String deviceId, String nodeId, String connectionId, long now) {
        // Offline before only if no device at all was connected: the same device still held by its previous
        // connection (a reconnect, the old socket not yet closed) was online.
        boolean wasOffline = jdbc.sql("SELECT COUNT(*) FROM presence_devices WHERE user_id = ?").param(userId)
                .query(Long.class).single() == 0;
        jdbc.sql("""
                INSERT INTO presence_devices (device_id, user_id, node_id, conn_id, seen_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (device_id) DO UPDATE SET node_id = excluded.node_id, conn_id = excluded.conn_id,
                    seen_at = excluded.seen_at""").params(deviceId, userId, nodeId, connectionId, now).update();
        return wasOffline;
    }

    @Override
    @Transactional
    public boolean disconnect(String userId, String deviceId, String connectionId) {
        int removed = jdbc.sql("DELETE FROM presence_devices WHERE device_id = ? AND conn_id = ?").params(deviceId, connectionId).update();
        return removed == 1 && countOthers(userId, deviceId) == 0;
    }

    @Override
    @Transactional
    public void heartbeat(String nodeId, long now) {
        jdbc.sql("UPDATE presence_devices SET seen_at = ? WHERE node_id = ?").params(now, nodeId).update();
    }

    @Override
    @Transactional
    public Map<String, Long> sweep(long staleBefore) {
        Map<String, Long> lastHeard = new LinkedHashMap<>();
        jdbc.sql("SELECT user_id, MAX(seen_at) FROM presence_devices WHERE seen_at < ? GROUP BY user_id").param(staleBefore)
                .query(rs -> {
                    lastHeard.put(rs.getString(1), rs.getLong(2));
                });
        if (lastHeard.isEmpty()) return Map.of();
        jdbc.sql("DELETE FROM presence_devices WHERE seen_at < ?").param(staleBefore).update();
        var online = online(lastHeard.keySet());
        lastHeard.keySet().removeIf(u -> online.getOrDefault(u, false));
        return lastHeard;
    }

    @Override
    public Map<String, Boolean> online(Collection<String> userIds) {
        Map<String, Boolean> out = new HashMap<>();
        if (userIds.isEmpty()) return out;
        jdbc.sql("SELECT DISTINCT user_id FROM presence_devices WHERE user_id IN (:ids)").param("ids", userIds)
                .query(String.class).list().forEach(u -> out.put(u, true));
        return out;
    }

    @Override
    public Map<String, Long> lastSeen(Collection<String> userIds) {
        Map<String, Long> out = new HashMap<>();
        if (userIds.isEmpty()) return out;
        jdbc.sql("SELECT user_id, last_seen FROM presence_last_seen WHERE user_id IN (:ids)").param("ids", userIds)
                .query(rs -> { out.put(rs.getString(1), rs.getLong(2)); });
        return out;
    }

    private long countOthers(String userId, String deviceId) {
        return jdbc.sql("SELECT COUNT(*) FROM presence_devices WHERE user_id = ? AND device_id <> ?").params(userId, deviceId)
                .query(Long.class).single();
    }

    @Override
    @Transactional
    public void touchLastSeen(String userId, long now) {
        jdbc.sql("""
                INSERT INTO presence_last_seen (user_id, last_seen) VALUES (?, ?)
                ON CONFLICT (user_id) DO UPDATE SET last_seen = excluded.last_seen
                WHERE excluded.last_seen > presence_last_seen.last_seen""").params(userId, now).update();
    }
}
