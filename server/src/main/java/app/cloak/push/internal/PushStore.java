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

    /** A batch waiting for its window to close: {@code count} messages, the newest {@code messageId} from {@code senderId}. */
    /** {@code firstSeq}: the batch's oldest message; null for a batch from before V10_4 (then {@code count} alone says). */
    record Pending(String userId, String chatId, String messageId, String senderId, Long firstSeq, long lastSeq, int count, long dueAt) {}

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

    /** The device signed out: its browser subscriptions go with it. Returns how many. */
    int removeDevice(String userId, String deviceId) {
        return jdbc.sql("DELETE FROM push_subscriptions WHERE user_id = ? AND device_id = ?").params(userId, deviceId).update();
    }

    /**
     * Counts a message into the recipient's batch for the chat, opening one due at {@code dueAt} if there is none.
     * Messages may come in any order; one already in the batch (a redelivered event) changes nothing. The batch names
     * its newest message.
     */
    void addPending(String userId, String chatId, String messageId, String senderId, long seq, long dueAt) {
        // In any order (relays on several nodes), each message once (a redelivery changes nothing): the batch spans
        // first_seq..last_seq, and a chat's messages are numbered without gaps. A row from before V10_4 has no first_seq:
        // it counts on from its count.
        jdbc.sql("""
                INSERT INTO push_pending (user_id, chat_id, message_id, sender_id, first_seq, last_seq, count, due_at)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                ON CONFLICT (user_id, chat_id) DO UPDATE SET
                    message_id = CASE WHEN excluded.last_seq > push_pending.last_seq THEN excluded.message_id ELSE push_pending.message_id END,
                    sender_id = CASE WHEN excluded.last_seq > push_pending.last_seq THEN excluded.sender_id ELSE push_pending.sender_id END,
                    first_seq = CASE WHEN push_pending.first_seq IS NULL THEN push_pending.last_seq - push_pending.count + 1
                                     WHEN excluded.first_seq < push_pending.first_seq THEN excluded.first_seq
                                     ELSE push_pending.first_seq END,
                    last_seq = CASE WHEN excluded.last_seq > push_pending.last_seq THEN excluded.last_seq ELSE push_pending.last_seq END,
                    count = (CASE WHEN excluded.last_seq > push_pending.last_seq THEN excluded.last_seq ELSE push_pending.last_seq END)
                          - (CASE WHEN push_pending.first_seq IS NULL THEN push_pending.last_seq - push_pending.count + 1
                                  WHEN excluded.first_seq < push_pending.first_seq THEN excluded.first_seq
                                  ELSE push_pending.first_seq END) + 1""")
                .params(userId, chatId, messageId, senderId, seq, seq, dueAt)
                .update();
    }

    java.util.Optional<Pending> pending(String userId, String chatId) {
        return jdbc.sql("SELECT user_id, chat_id, message_id, sender_id, first_seq, last_seq, count, due_at FROM push_pending WHERE user_id = ? AND chat_id = ?")
                .params(userId, chatId).query(PushStore::pending).optional();
    }

    /** Batches whose window closed at or before {@code now}, oldest first. */
    List<Pending> due(long now, int limit) {
        return jdbc.sql("SELECT user_id, chat_id, message_id, sender_id, first_seq, last_seq, count, due_at FROM push_pending WHERE due_at <= ? "
                        + "ORDER BY due_at LIMIT ?")
                .params(now, limit).query(PushStore::pending).list();
    }

    /** Takes the batch as read: true for exactly one caller, and only if no message joined it since. */
    boolean claim(Pending p) {
        return jdbc.sql("DELETE FROM push_pending WHERE user_id = ? AND chat_id = ? AND last_seq = ? AND count = ?")
                .params(p.userId(), p.chatId(), p.lastSeq(), p.count()).update() == 1;
    }

    private static Pending pending(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long first = rs.getLong(5);
        Long firstSeq = rs.wasNull() ? null : first;
        return new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), firstSeq, rs.getLong(6), rs.getInt(7),
                rs.getLong(8));
    }

    /** Which of these users have at least one push subscription (only they get a pending batch). */
    java.util.Set<String> subscribed(java.util.Collection<String> userIds) {
        java.util.Set<String> found = new java.util.HashSet<>();
        List<String> all = List.copyOf(userIds);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            found.addAll(jdbc.sql("SELECT DISTINCT user_id FROM push_subscriptions WHERE user_id IN (" + marks + ")")
                    .params(chunk.toArray()).query(String.class).list());
        }
        return found;
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
