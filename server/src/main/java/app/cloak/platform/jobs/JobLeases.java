package app.cloak.platform.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Named leases in the shared database ({@code job_leases}), held by one node at a time. Taking and
 * renewing is one conditional upsert: the row is written only if it is new, already ours, or expired,
 * and the database serialises competing writers on the row (PostgreSQL re-checks the condition
 * against the committed row; SQLite has one writer at a time). Times come from the injected clock;
 * nodes' clocks must agree to well within a lease's length.
 */
public final class JobLeases {
    /** Who holds a lease and until when (epoch ms). */
    public record Lease(String name, String holder, long until) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String holder;
    private final TransactionOperations tx;

    /** @param holder this node's id: random per process, so a restarted node is a new holder. */
    public JobLeases(JdbcClient jdbc, Clock clock, String holder) {
        this(jdbc, clock, holder, TransactionOperations.withoutTransaction());
    }

    /**
     * @param tx the node's transactions: lease writes go through them so that, on SQLite, they queue
     *           with every other writer instead of waiting on the file lock inside native code.
     */
    public JobLeases(JdbcClient jdbc, Clock clock, String holder, TransactionOperations tx) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.holder = holder;
        this.tx = tx;
    }

    public String holder() {
        return holder;
    }

    /** Takes the lease (new or expired) or renews it (ours) for {@code length} from now; false if another node holds it. */
    public boolean acquire(String name, Duration length) {
        long now = clock.millis();
        return Boolean.TRUE.equals(tx.execute(s -> jdbc.sql("""
                INSERT INTO job_leases (name, holder, until) VALUES (:name, :holder, :until)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE job_leases.holder = excluded.holder OR job_leases.until <= :now""")
                .param("name", name).param("holder", holder).param("until", now + length.toMillis()).param("now", now)
                .update() == 1));
    }

    /** Gives the lease up (if ours), so another node can take it on its next tick instead of after expiry. */
    public void release(String name) {
        tx.executeWithoutResult(s -> jdbc.sql("DELETE FROM job_leases WHERE name = ? AND holder = ?").params(name, holder).update());
    }

    public Optional<Lease> current(String name) {
        return jdbc.sql("SELECT name, holder, until FROM job_leases WHERE name = ?").param(name)
                .query((rs, n) -> new Lease(rs.getString("name"), rs.getString("holder"), rs.getLong("until")))
                .optional();
    }
}
