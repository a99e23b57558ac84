package app.cloak.privacy.internal.jdbc;

import app.cloak.privacy.PrivacyApi.Policy;
import app.cloak.privacy.internal.PrivacyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcPrivacyStore implements PrivacyStore {
    private static final String REVEAL = "id, user_id, chat_id, up_to_seq, fire_at, daily_hour, time_zone, status, created_at";
    private final JdbcClient jdbc;

    public JdbcPrivacyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Policy> policy(String userId) {
        return jdbc.sql("SELECT cloak_by_default, appear_offline, send_typing, last_seen FROM privacy_settings WHERE user_id = ?")
                .param(userId)
                .query((rs, n) -> new Policy(rs.getInt(1) == 1, rs.getInt(2) == 1, rs.getInt(3) == 1, rs.getString(4)))
                .optional();
    }

    @Override
    public void savePolicy(String userId, Policy p) {
        jdbc.sql("""
                INSERT INTO privacy_settings (user_id, cloak_by_default, appear_offline, send_typing, last_seen) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET cloak_by_default = excluded.cloak_by_default,
                    appear_offline = excluded.appear_offline, send_typing = excluded.send_typing, last_seen = excluded.last_seen""")
                .params(userId, bit(p.cloakByDefault()), bit(p.appearOffline()), bit(p.sendTyping()), p.lastSeen()).update();
    }

    @Override
    public Optional<Boolean> chatOverride(String userId, String chatId) {
        return jdbc.sql("SELECT enabled FROM chat_cloak WHERE user_id = ? AND chat_id = ?").params(userId, chatId)
                .query((rs, n) -> rs.getInt(1) == 1).optional();
    }

    @Override
    public void saveChatOverride(String userId, String chatId, boolean enabled) {
        jdbc.sql("""
                INSERT INTO chat_cloak (user_id, chat_id, enabled) VALUES (?, ?, ?)
                ON CONFLICT (user_id, chat_id) DO UPDATE SET enabled = excluded.enabled""").params(userId, chatId, bit(enabled)).update();
    }

    @Override
    public void insertReveal(Reveal r) {
        jdbc.sql("INSERT INTO reveals (" + REVEAL + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.userId(), r.chatId(), r.upToSeq(), r.fireAt(), r.dailyHour(), r.timeZone(), r.status(), r.createdAt())
                .update();
    }

    @Override
    public Optional<Reveal> reveal(String id) {
        return jdbc.sql("SELECT " + REVEAL + " FROM reveals WHERE id = ?").param(id).query(JdbcPrivacyStore::reveal).optional();
    }

    @Override
    public List<Reveal> pendingReveals(String userId) {
        return jdbc.sql("SELECT " + REVEAL + " FROM reveals WHERE user_id = ? AND status = 'scheduled' ORDER BY fire_at")
                .param(userId).query(JdbcPrivacyStore::reveal).list();
    }

    @Override
    public List<Reveal> due(long now, int limit) {
        return jdbc.sql("SELECT " + REVEAL + " FROM reveals WHERE status = 'scheduled' AND fire_at <= ? ORDER BY fire_at LIMIT ?")
                .params(now, limit).query(JdbcPrivacyStore::reveal).list();
    }

    @Override
    public boolean transition(String id, String status, long at) {
        return jdbc.sql("UPDATE reveals SET status = ?, fired_at = ? WHERE id = ? AND status = 'scheduled'")
                .params(status, at, id).update() == 1;
    }

    @Override
    public boolean reschedule(String id, Long upToSeq, long fireAt, Integer dailyHour, String timeZone) {
        return jdbc.sql("UPDATE reveals SET up_to_seq = ?, fire_at = ?, daily_hour = ?, time_zone = ? WHERE id = ? AND status = 'scheduled'")
                .params(upToSeq, fireAt, dailyHour, timeZone, id).update() == 1;
    }

    @Override
    public void audit(String userId, long at, String action, String chatId, String detailJson) {
        jdbc.sql("INSERT INTO audit_log (user_id, at, action, chat_id, detail) VALUES (?, ?, ?, ?, ?)")
                .params(userId, at, action, chatId, detailJson).update();
    }

    @Override
    public List<AuditEntry> audit(String userId, int limit) {
        return jdbc.sql("SELECT at, action, chat_id, detail FROM audit_log WHERE user_id = ? ORDER BY pk DESC LIMIT ?")
                .params(userId, limit)
                .query((rs, n) -> new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    private static Reveal reveal(ResultSet rs, int n) throws SQLException {
        long upTo = rs.getLong("up_to_seq");
        Long upToSeq = rs.wasNull() ? null : upTo;
        int hour = rs.getInt("daily_hour");
        Integer dailyHour = rs.wasNull() ? null : hour;
        return new Reveal(rs.getString("id"), rs.getString("user_id"), rs.getString("chat_id"), upToSeq, rs.getLong("fire_at"),
                dailyHour, rs.getString("time_zone"), rs.getString("status"), rs.getLong("created_at"));
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }
}
