package app.cloak.identity.internal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import app.cloak.identity.internal.IdentityStore.*;
import app.cloak.platform.persistence.KeptReads;
import app.cloak.platform.persistence.SingleWriter;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import app.cloak.identity.internal.IdentityStore;

/** Plain SQL that runs unchanged on SQLite and PostgreSQL. */
@Repository
public class JdbcIdentityStore implements IdentityStore {
    private final JdbcClient jdbc;
    private final Clock clock;
    /**
     * With a {@link SingleWriter} (SQLite), whether one user has blocked another as transactions read it, kept for the
     * later ones under the rules of {@link KeptReads}: every send in a direct chat asks (ChatService.checkCanPost), and
     * the query was 3.6 % of the send writer's time (BENCHMARKS.md, session 10). Null otherwise (PostgreSQL: other
     * nodes block and unblock too).
     */
    private final KeptReads<Boolean> blocks;
    static final int BLOCK_PAIRS_KEPT = 100_000;

    public JdbcIdentityStore(JdbcClient jdbc, Clock clock, SingleWriter writer) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.blocks = writer.exists() ? new KeptReads<>(writer, BLOCK_PAIRS_KEPT, b -> 1, b -> true) : null;
    }

    private static String pair(String blocker, String blocked) {
        return blocker + '\n' + blocked;
    }

    @Override
    public Optional<User> userByPhoneHash(String phoneHash) {
        return jdbc.sql("SELECT * FROM users WHERE phone_hash = ?").param(phoneHash).query(JdbcIdentityStore::user).optional();
    }

    @Override
    public Optional<User> user(String id) {
        return jdbc.sql("SELECT * FROM users WHERE id = ?").param(id).query(JdbcIdentityStore::user).optional();
    }

    @Override
    public Set<String> existingUsers(Collection<String> ids) {
        if (ids.isEmpty()) return Set.of();
        return new HashSet<>(jdbc.sql("SELECT id FROM users WHERE id IN (:ids)").param("ids", ids).query(String.class).list());
    }

    @Override
    public void insertUser(User u) {
        jdbc.sql("INSERT INTO users (id, phone_hash, phone_enc, display_name, about, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(u.id(), u.phoneHash(), u.phoneEnc(), u.displayName(), u.about(), u.createdAt()).update();
    }

    @Override
    public void updateProfile(String userId, String displayName, String about) {
        jdbc.sql("UPDATE users SET display_name = ?, about = ? WHERE id = ?").params(displayName, about, userId).update();
    }

    @Override
    public List<User> usersByPhoneHashes(Collection<String> phoneHashes) {
        if (phoneHashes.isEmpty()) return List.of();
        return jdbc.sql("SELECT * FROM users WHERE phone_hash IN (:h)").param("h", phoneHashes).query(JdbcIdentityStore::user).list();
    }

    @Override
    public void insertDevice(Device d) {
        jdbc.sql("INSERT INTO devices (id, user_id, name, created_at, last_active_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.userId(), d.name(), d.createdAt(), d.lastActiveAt(), d.revokedAt()).update();
    }

    @Override
    public Optional<Device> device(String id) {
        return jdbc.sql("SELECT * FROM devices WHERE id = ?").param(id).query(JdbcIdentityStore::device).optional();
    }

    @Override
    public List<Device> devices(String userId) {
        return jdbc.sql("SELECT * FROM devices WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at")
                .param(userId).query(JdbcIdentityStore::device).list();
    }

    @Override
    public boolean revokeDevice(String deviceId, long at) {
        int changed = jdbc.sql("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").params(at, deviceId).update();
        jdbc.sql("DELETE FROM refresh_tokens WHERE device_id = ?").param(deviceId).update();
        return changed == 1;
    }

    @Override
    public void touchDevice(String deviceId, long at) {
        jdbc.sql("UPDATE devices SET last_active_at = ? WHERE id = ?").params(at, deviceId).update();
    }

    @Override
    public void insertRefreshToken(RefreshToken t) {
        jdbc.sql("INSERT INTO refresh_tokens (token_hash, device_id, issued_at, expires_at, rotated_at) VALUES (?, ?, ?, ?, ?)")
                .params(t.tokenHash(), t.deviceId(), t.issuedAt(), t.expiresAt(), t.rotatedAt()).update();
    }

    @Override
    public Optional<RefreshToken> refreshToken(String tokenHash) {
        return jdbc.sql("SELECT * FROM refresh_tokens WHERE token_hash = ?").param(tokenHash)
                .query((rs, n) -> new RefreshToken(rs.getString("token_hash"), rs.getString("device_id"),
                        rs.getLong("issued_at"), rs.getLong("expires_at"), nullableLong(rs, "rotated_at")))
                .optional();
    }

    @Override
    public boolean markRotated(String tokenHash, long at) {
        return jdbc.sql("UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL")
                .params(at, tokenHash).update() == 1;
    }

    @Override
    public void putChallenge(OtpChallenge c) {
        jdbc.sql("""
                INSERT INTO otp_challenges (phone_hash, code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, 0, ?)
                ON CONFLICT (phone_hash) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,
                    attempts = 0, created_at = excluded.created_at""")
                .params(c.phoneHash(), c.codeHash(), c.expiresAt(), clock.millis()).update();
    }

    @Override
    public Optional<OtpChallenge> challenge(String phoneHash) {
        return jdbc.sql("SELECT * FROM otp_challenges WHERE phone_hash = ?").param(phoneHash)
                .query((rs, n) -> new OtpChallenge(rs.getString("phone_hash"), rs.getString("code_hash"),
                        rs.getLong("expires_at"), rs.getInt("attempts")))
                .optional();
    }

    @Override
    public boolean takeAttempt(String phoneHash, int maxAttempts) {
        return jdbc.sql("UPDATE otp_challenges SET attempts = attempts + 1 WHERE phone_hash = ? AND attempts < ?")
                .params(phoneHash, maxAttempts).update() == 1;
    }

    @Override
    public boolean consumeChallenge(String phoneHash, String codeHash) {
        return jdbc.sql("DELETE FROM otp_challenges WHERE phone_hash = ? AND code_hash = ?")
                .params(phoneHash, codeHash).update() == 1;
    }

    @Override
    public void deleteChallenge(String phoneHash) {
        jdbc.sql("DELETE FROM otp_challenges WHERE phone_hash = ?").param(phoneHash).update();
    }

    @Override
    public void block(String blocker, String blocked, long at) {
        if (blocks != null) blocks.writing(pair(blocker, blocked));
        jdbc.sql("INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(blocker, blocked, at).update();
        if (blocks != null) blocks.written(pair(blocker, blocked));
    }

    @Override
    public void unblock(String blocker, String blocked) {
        if (blocks != null) blocks.writing(pair(blocker, blocked));
        jdbc.sql("DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?").params(blocker, blocked).update();
        if (blocks != null) blocks.written(pair(blocker, blocked));
    }

    @Override
    public boolean hasBlocked(String blocker, String blocked) {
        if (blocks == null) return readBlocked(blocker, blocked);
        return blocks.get(pair(blocker, blocked), key -> readBlocked(blocker, blocked));
    }

    private boolean readBlocked(String blocker, String blocked) {
        return jdbc.sql("SELECT COUNT(*) FROM blocks WHERE blocker_id = ? AND blocked_id = ?")
                .params(blocker, blocked).query(Long.class).single() > 0;
    }

    @Override
    public List<String> blockedBy(String blocker) {
        return jdbc.sql("SELECT blocked_id FROM blocks WHERE blocker_id = ? ORDER BY created_at").param(blocker)
                .query(String.class).list();
    }

    private static User user(ResultSet rs, int n) throws SQLException {
        return new User(rs.getString("id"), rs.getString("phone_hash"), rs.getBytes("phone_enc"),
                rs.getString("display_name"), rs.getString("about"), rs.getLong("created_at"));
    }

    private static Device device(ResultSet rs, int n) throws SQLException {
        return new Device(rs.getString("id"), rs.getString("user_id"), rs.getString("name"), rs.getLong("created_at"),
                rs.getLong("last_active_at"), nullableLong(rs, "revoked_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
