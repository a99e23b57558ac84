package app.cloak.platform.persistence;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Named locks held until the current transaction ends, for decisions that must not interleave across
 * nodes (e.g. a read and a cloak switch of the same user). PostgreSQL: a transaction-level advisory
 * lock. SQLite: nothing to do, every transaction already has the database to itself.
 */
@Component
public class TransactionLocks {
    private final JdbcClient jdbc;
    private final Dialect dialect;

    TransactionLocks(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /** Must run inside a transaction. */
    public void lock(String name) {
        if (dialect == Dialect.SQLITE) return;
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))").param(name).query((rs, n) -> 1).list();
    }
}
