package app.cloak.push.internal;

import app.cloak.platform.crypto.DataCipher;
import app.cloak.platform.crypto.KeyedHashes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Push subscriptions (same SQL on SQLite and PostgreSQL). The endpoint URL and its keys are secrets (whoever holds
 * them can address the browser): stored sealed with the data keys, found by a keyed hash of the endpoint.
 */
@Repository
class PushStore {
    record Subscription(String endpointHash, String userId, String deviceId, String endpoint, byte[] p256dh, byte[] auth) {}

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final JdbcClient jdbc;
    private final DataCipher cipher;
    private final KeyedHashes hashes;

    PushStore(JdbcClient jdbc, DataCipher cipher, KeyedHashes hashes) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.hashes = hashes;
    }

    String hash(String endpoint) {
        return hashes.hex("push-endpoint", endpoint, 20);
    }

    /** Adds the subscription, or moves an existing endpoint to this user and device (idempotent by endpoint). */
    void put(String userId, String deviceId, String endpoint, byte[] p256dh, byte[] auth, long now) {
        String hash = hash(endpoint);
        String plain = endpoint + "\n" + B64.encodeToString(p256dh) + "\n" + B64.encodeToString(auth);
        byte[] sealed = cipher.encrypt(plain.getBytes(StandardCharsets.UTF_8), context(hash));
        jdbc.sql("INSERT INTO push_subscriptions (endpoint_hash, user_id, device_id, sealed, created_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (endpoint_hash) DO UPDATE SET user_id = excluded.user_id, device_id = excluded.device_id, "
                        + "sealed = excluded.sealed, created_at = excluded.created_at")
                .params(hash, userId, deviceId, sealed, now)
                .update();
    }

    /** Removes the caller's subscription for this endpoint; true if there was one. */
    boolean remove(String userId, String endpoint) {
        return jdbc.sql("DELETE FROM push_subscriptions WHERE endpoint_hash = ? AND user_id = ?")
                .params(hash(endpoint), userId).update() > 0;
    }

    /** The push service said the subscription is gone (404/410). */
    void removeGone(String endpointHash) {
        jdbc.sql("DELETE FROM push_subscriptions WHERE endpoint_hash = ?").param(endpointHash).update();
    }

    List<Subscription> of(String userId) {
        return jdbc.sql("SELECT endpoint_hash, user_id, device_id, sealed FROM push_subscriptions WHERE user_id = ? ORDER BY created_at")
                .param(userId)
                .query((rs, n) -> {
                    String hash = rs.getString(1);
                    String[] parts = new String(cipher.decrypt(rs.getBytes(4), context(hash)), StandardCharsets.UTF_8).split("\n");
                    return new Subscription(hash, rs.getString(2), rs.getString(3), parts[0], B64D.decode(parts[1]), B64D.decode(parts[2]));
                })
                .list();
    }

    /** Whether the user chose message previews in notifications (off when never chosen). */
    boolean previews(String userId) {
        return jdbc.sql("SELECT previews FROM push_preferences WHERE user_id = ?").param(userId)
                .query(Integer.class).optional().map(v -> v != 0).orElse(false);
    }

    void setPreviews(String userId, boolean previews) {
        jdbc.sql("INSERT INTO push_preferences (user_id, previews) VALUES (?, ?) "
                        + "ON CONFLICT (user_id) DO UPDATE SET previews = excluded.previews")
                .params(userId, previews ? 1 : 0).update();
    }

    private static String context(String endpointHash) {
        return "push:" + endpointHash;
    }
}
