package app.cloak.platform.eventbus.durable;

import app.cloak.platform.persistence.AfterCommitTransactionManager;
import app.cloak.platform.persistence.Dialect;
import app.cloak.platform.persistence.TransactionBound;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@code event_outbox} table. Rows are appended in the business transaction; relays claim them in
 * a transaction of their own ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL, so two nodes never claim the
 * same row; SQLite is one node and serialises writers anyway) and delete them once relayed.
 */
public final class Outbox {
    /** An event waiting in the outbox; {@code deliveredTo} are in-process consumers that already handled it. */
    public record Entry(long id, String type, String payload, long createdAt, int attempts, Set<String> deliveredTo) {
        /** Unique even if a database is recreated and ids start over: the JetStream dedupe id. */
        public String messageId() {
            return id + "@" + createdAt;
        }
    }

    private static final String COLUMNS = "id, event_type, payload, created_at, attempts, delivered_to";
    private final JdbcClient jdbc;
    private final Dialect dialect;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, Dialect dialect, Clock clock) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
    }

    /**
     * Adds an event as part of the caller's transaction: written just before it commits, with all its other events in
     * one multi-row INSERT (the send writer's batch of hundreds of sends paid a statement for each one's event), and
     * not at all if a savepoint it was added under is rolled back. Outside a transaction, at once ({@link #append}); so
     * too once the transaction has begun to commit ({@link AfterCommitTransactionManager#committing}: from another
     * synchronization's before-commit work, still inside the transaction, or after it).
     */
    public void appendOnCommit(String type, String payload) {
        if (!TransactionSynchronizationManager.isSynchronizationActive() || AfterCommitTransactionManager.committing()) {
            append(type, payload);
            return;
        }
        TransactionBound.get(this, () -> {
            var pending = new Pending();
            TransactionSynchronizationManager.registerSynchronization(pending);
            return pending;
        }).add(type, payload);
    }

    /** A transaction's events, until it commits; a savepoint rolled back takes those added after it away. */
    private final class Pending implements TransactionSynchronization {
        private final List<String[]> events = new ArrayList<>();
        /** How many events there were when each savepoint was made (those made before the first event: none). */
        private final Map<Object, Integer> marks = new IdentityHashMap<>();

        void add(String type, String payload) {
            events.add(new String[] {type, payload});
        }

        @Override
        public void savepoint(Object savepoint) {
            marks.put(savepoint, events.size());
        }

        @Override
        public void savepointRollback(Object savepoint) {
            int mark = marks.getOrDefault(savepoint, 0);
            events.subList(mark, events.size()).clear();
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            long now = clock.millis();
            for (int i = 0; i < events.size(); i += ROWS_PER_STATEMENT) {
                var chunk = events.subList(i, Math.min(events.size(), i + ROWS_PER_STATEMENT));
                List<Object> args = new ArrayList<>(chunk.size() * 4);
                for (String[] e : chunk) Collections.addAll(args, e[0], e[1], now, now);
                jdbc.sql("INSERT INTO event_outbox (event_type, payload, created_at, next_attempt_at) VALUES "
                        + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?)"))).params(args).update();
            }
            events.clear();
        }
    }

    /** Rows per multi-row INSERT: 4 parameters each, far below SQLite's 32,766 and PostgreSQL's 65,535. */
    static final int ROWS_PER_STATEMENT = 500;

    /** Adds an event; due at once. Joins the caller's transaction. */
    public long append(String type, String payload) {
        long now = clock.millis();
        return jdbc.sql("INSERT INTO event_outbox (event_type, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?) RETURNING id")
                .params(type, payload, now, now).query(Long.class).single();
    }

    /** Claims one entry, waiting for a relay that holds it; empty when it is gone (already relayed). */
    public Optional<Entry> claim(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event_outbox WHERE id = ?" + dialect.forUpdate(false))
                .param(id).query(Outbox::entry).optional();
    }

    /** Claims up to {@code limit} due entries, oldest first, skipping those another relay holds. */
    public List<Entry> claimDue(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event_outbox WHERE next_attempt_at <= ? ORDER BY id LIMIT ?"
                        + dialect.forUpdate(true))
                .params(clock.millis(), limit).query(Outbox::entry).list();
    }

    /** A cheap look without locks, so an idle sweep never opens a write transaction. */
    public boolean anyDue() {
        return jdbc.sql("SELECT id FROM event_outbox WHERE next_attempt_at <= ? LIMIT 1")
                .param(clock.millis()).query(Long.class).optional().isPresent();
    }

    public void delete(Collection<Long> ids) {
        if (ids.isEmpty()) return;
        jdbc.sql("DELETE FROM event_outbox WHERE id IN (:ids)").param("ids", ids).update();
    }

    /** Records a failed attempt: due again after {@code delay}, with the consumers that did succeed. */
    public void retryLater(long id, Set<String> deliveredTo, Duration delay) {
        jdbc.sql("UPDATE event_outbox SET attempts = attempts + 1, next_attempt_at = ?, delivered_to = ? WHERE id = ?")
                .params(clock.millis() + delay.toMillis(), String.join(",", new TreeSet<>(deliveredTo)), id).update();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM event_outbox").query(Long.class).single();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        String done = rs.getString("delivered_to");
        return new Entry(rs.getLong("id"), rs.getString("event_type"), rs.getString("payload"), rs.getLong("created_at"), rs.getInt("attempts"),
                done.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(done.split(","))));
    }
}
