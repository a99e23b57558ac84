package app.cloak.bridge.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The bridge tables (same SQL on SQLite and PostgreSQL). Callers bring the transaction. */
@Repository
class BridgeStore {
    record LinkRow(String linkId, String ownerId, String phoneNumberId, String graphBaseUrl, byte[] secrets, boolean sendTyping,
                   String lastErrorCode, String lastError, Long lastErrorAt, long createdAt, long updatedAt) {}

    record InboxRow(String inboxId, String linkId, byte[] body, long receivedAt, int attempts) {}

    record BridgeChat(String chatId, String linkId, String peer, boolean group) {}

    record Inbound(long seq, String wamid) {}

    record StatusRow(String recipient, String status, long at, String errorCode) {}

    record CallRow(String callId, String linkId, String chatId, String userId, String kind, String target, long seq, String state,
                   int attempts, long nextAttemptAt, String errorCode, String error, String result, long createdAt, long updatedAt) {}

    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String FAILED = "failed";

    private final JdbcClient jdbc;

    BridgeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- links

    void insertLink(LinkRow l) {
        jdbc.sql("""
                INSERT INTO bridge_links (link_id, owner_id, phone_number_id, graph_base_url, secrets, send_typing, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(l.linkId(), l.ownerId(), l.phoneNumberId(), l.graphBaseUrl(), l.secrets(), l.sendTyping() ? 1 : 0,
                        l.createdAt(), l.updatedAt())
                .update();
    }

    private static final String LINK_COLUMNS = "link_id, owner_id, phone_number_id, graph_base_url, secrets, send_typing, "
            + "last_error_code, last_error, last_error_at, created_at, updated_at";

    private static LinkRow link(java.sql.ResultSet rs) throws java.sql.SQLException {
        long errorAt = rs.getLong(9);
        Long lastErrorAt = rs.wasNull() ? null : errorAt;
        return new LinkRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5), rs.getInt(6) != 0,
                rs.getString(7), rs.getString(8), lastErrorAt, rs.getLong(10), rs.getLong(11));
    }

    Optional<LinkRow> link(String linkId) {
        return jdbc.sql("SELECT " + LINK_COLUMNS + " FROM bridge_links WHERE link_id = ?").param(linkId)
                .query((rs, n) -> link(rs)).optional();
    }

    List<LinkRow> linksOf(String ownerId) {
        return jdbc.sql("SELECT " + LINK_COLUMNS + " FROM bridge_links WHERE owner_id = ? ORDER BY created_at, link_id").param(ownerId)
                .query((rs, n) -> link(rs)).list();
    }

    boolean updateLink(String linkId, String graphBaseUrl, byte[] secrets, boolean sendTyping, long now) {
        return jdbc.sql("UPDATE bridge_links SET graph_base_url = ?, secrets = ?, send_typing = ?, updated_at = ? WHERE link_id = ?")
                .params(graphBaseUrl, secrets, sendTyping ? 1 : 0, now, linkId).update() == 1;
    }

    void setLinkError(String linkId, String code, String message, Long at) {
        jdbc.sql("UPDATE bridge_links SET last_error_code = ?, last_error = ?, last_error_at = ? WHERE link_id = ?")
                .params(code, message, at, linkId).update();
    }

    /** Unlinks: the row and its sealed secrets go; queued bodies and calls of the link go too. */
    boolean deleteLink(String linkId) {
        jdbc.sql("DELETE FROM bridge_inbox WHERE link_id = ?").param(linkId).update();
        jdbc.sql("DELETE FROM bridge_calls WHERE link_id = ? AND state = ?").params(linkId, PENDING).update();
        return jdbc.sql("DELETE FROM bridge_links WHERE link_id = ?").param(linkId).update() == 1;
    }

    // ---- inbox

    void insertInbox(String inboxId, String linkId, byte[] body, long now) {
        jdbc.sql("INSERT INTO bridge_inbox (inbox_id, link_id, body, received_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)")
                .params(inboxId, linkId, body, now, now).update();
    }

    /** Unprocessed bodies that are due, oldest first. */
    List<InboxRow> dueInbox(long now, int limit) {
        return jdbc.sql("""
                SELECT inbox_id, link_id, body, received_at, attempts FROM bridge_inbox
                WHERE processed_at IS NULL AND next_attempt_at <= ? ORDER BY received_at, inbox_id LIMIT ?""")
                .params(now, limit)
                .query((rs, n) -> new InboxRow(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getLong(4), rs.getInt(5))).list();
    }

    /** Takes a due body for one run of the worker; false if another run has it. */
    boolean claimInbox(String inboxId, long now, long until) {
        return jdbc.sql("UPDATE bridge_inbox SET next_attempt_at = ? WHERE inbox_id = ? AND processed_at IS NULL AND next_attempt_at <= ?")
                .params(until, inboxId, now).update() == 1;
    }

    void inboxDone(String inboxId, long now) {
        jdbc.sql("UPDATE bridge_inbox SET processed_at = ?, last_error = NULL WHERE inbox_id = ?").params(now, inboxId).update();
    }

    void inboxRetry(String inboxId, int attempts, long nextAttemptAt, String error) {
        jdbc.sql("UPDATE bridge_inbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE inbox_id = ?")
                .params(attempts, nextAttemptAt, error, inboxId).update();
    }

    /** Processing is abandoned: the body counts as processed (purged with the rest), its error kept. */
    void inboxGaveUp(String inboxId, int attempts, long now, String error) {
        jdbc.sql("UPDATE bridge_inbox SET attempts = ?, processed_at = ?, last_error = ? WHERE inbox_id = ?")
                .params(attempts, now, "gave up: " + error, inboxId).update();
    }

    int purgeInbox(long processedBefore) {
        return jdbc.sql("DELETE FROM bridge_inbox WHERE processed_at IS NOT NULL AND processed_at < ?").param(processedBefore).update();
    }

    // ---- chats and inbound messages

    void insertChat(BridgeChat c) {
        jdbc.sql("INSERT INTO bridge_chats (chat_id, link_id, peer, is_group) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(c.chatId(), c.linkId(), c.peer(), c.group() ? 1 : 0).update();
    }

    Optional<BridgeChat> chat(String chatId) {
        return jdbc.sql("SELECT chat_id, link_id, peer, is_group FROM bridge_chats WHERE chat_id = ?").param(chatId)
                .query((rs, n) -> new BridgeChat(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0)).optional();
    }

    void addInbound(String chatId, long seq, String wamid) {
        jdbc.sql("INSERT INTO bridge_messages (chat_id, seq, wamid) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(chatId, seq, wamid).update();
    }

    /** The newest inbound message at or below {@code seq}: the one a read receipt up to there names. */
    Optional<Inbound> newestInbound(String chatId, long seq) {
        return jdbc.sql("SELECT seq, wamid FROM bridge_messages WHERE chat_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1")
                .params(chatId, seq).query((rs, n) -> new Inbound(rs.getLong(1), rs.getString(2))).optional();
    }

    // ---- statuses of what we sent

    /** Records a status unless the recipient's status is already as far or further; true if it moved. */
    boolean recordStatus(String linkId, String wamid, String recipient, String status, int rank, long at, String errorCode) {
        return jdbc.sql("""
                INSERT INTO bridge_statuses (link_id, wamid, recipient, status, status_rank, status_at, error_code) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (link_id, wamid, recipient) DO UPDATE SET status = excluded.status, status_rank = excluded.status_rank,
                    status_at = excluded.status_at, error_code = excluded.error_code
                WHERE bridge_statuses.status_rank < excluded.status_rank""")
                .params(linkId, wamid, recipient, status, rank, at, errorCode).update() == 1;
    }

    List<StatusRow> statuses(String linkId, String wamid) {
        return jdbc.sql("SELECT recipient, status, status_at, error_code FROM bridge_statuses WHERE link_id = ? AND wamid = ? ORDER BY recipient")
                .params(linkId, wamid).query((rs, n) -> new StatusRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4))).list();
    }

    // ---- outgoing calls

    private static final String CALL_COLUMNS = "call_id, link_id, chat_id, user_id, kind, target, seq, state, attempts, next_attempt_at, "
            + "error_code, error, result, created_at, updated_at";

    private static CallRow call(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CallRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getLong(7), rs.getString(8), rs.getInt(9), rs.getLong(10), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getLong(14), rs.getLong(15));
    }

    /** Inserts the call unless one with its id exists (a redelivered event records nothing twice). */
    void insertCall(CallRow c) {
        jdbc.sql("INSERT INTO bridge_calls (" + CALL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(c.callId(), c.linkId(), c.chatId(), c.userId(), c.kind(), c.target(), c.seq(), c.state(), c.attempts(),
                        c.nextAttemptAt(), c.errorCode(), c.error(), c.result(), c.createdAt(), c.updatedAt())
                .update();
    }

    /** The chat's read call that has not gone out yet, if any. */
    Optional<CallRow> pendingRead(String chatId) {
        return jdbc.sql("SELECT " + CALL_COLUMNS + " FROM bridge_calls WHERE chat_id = ? AND kind = 'read' AND state = ? ORDER BY created_at LIMIT 1")
                .params(chatId, PENDING).query((rs, n) -> call(rs)).optional();
    }

    /** A newer reveal before the call went out: it names the newer message instead (one call covers both). */
    void retargetRead(String callId, String wamid, long seq, long now) {
        jdbc.sql("UPDATE bridge_calls SET target = ?, seq = ?, attempts = 0, next_attempt_at = ?, updated_at = ? WHERE call_id = ? AND seq < ?")
                .params(wamid, seq, now, now, callId, seq).update();
    }

    Optional<CallRow> callById(String callId) {
        return jdbc.sql("SELECT " + CALL_COLUMNS + " FROM bridge_calls WHERE call_id = ?").param(callId).query((rs, n) -> call(rs)).optional();
    }

    List<CallRow> dueCalls(long now, int limit) {
        return jdbc.sql("SELECT " + CALL_COLUMNS + " FROM bridge_calls WHERE state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?")
                .params(PENDING, now, limit).query((rs, n) -> call(rs)).list();
    }

    /** Takes a due call for one send (until {@code until}); false if another sender has it or it is done. */
    boolean claimCall(String callId, long now, long until) {
        return jdbc.sql("UPDATE bridge_calls SET next_attempt_at = ? WHERE call_id = ? AND state = ? AND next_attempt_at <= ?")
                .params(until, callId, PENDING, now).update() == 1;
    }

    /** Done, unless the call was retargeted while in flight (then it stays pending, due now). */
    boolean callSent(String callId, String target, String result, long now) {
        int n = jdbc.sql("UPDATE bridge_calls SET state = ?, result = ?, error_code = NULL, error = NULL, updated_at = ? WHERE call_id = ? AND target = ?")
                .params(SENT, result, now, callId, target).update();
        if (n == 0) jdbc.sql("UPDATE bridge_calls SET next_attempt_at = ? WHERE call_id = ? AND state = ?").params(now, callId, PENDING).update();
        return n == 1;
    }

    void callRetry(String callId, int attempts, long nextAttemptAt, String errorCode, String error, long now) {
        jdbc.sql("UPDATE bridge_calls SET attempts = ?, next_attempt_at = ?, error_code = ?, error = ?, updated_at = ? WHERE call_id = ?")
                .params(attempts, nextAttemptAt, errorCode, error, now, callId).update();
    }

    void callFailed(String callId, int attempts, String errorCode, String error, long now) {
        jdbc.sql("UPDATE bridge_calls SET state = ?, attempts = ?, error_code = ?, error = ?, updated_at = ? WHERE call_id = ?")
                .params(FAILED, attempts, errorCode, error, now, callId).update();
    }

    List<CallRow> calls(String linkId, int limit) {
        return jdbc.sql("SELECT " + CALL_COLUMNS + " FROM bridge_calls WHERE link_id = ? ORDER BY created_at DESC, call_id DESC LIMIT ?")
                .params(linkId, limit).query((rs, n) -> call(rs)).list();
    }
}
