package app.cloak.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After-commit work runs once the thread's outermost transaction is over and its connection is back.
 * On PostgreSQL: SQLite cannot open a second write transaction while the thread's first one is open.
 */
class AfterCommitTest {
    private static final TestDatabase DB = TestDatabase.postgres();
    private final AfterCommitTransactionManager transactions = new AfterCommitTransactionManager(DB.dataSource());
    private final TransactionTemplate tx = new TransactionTemplate(transactions);
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterAll
    static void close() {
        DB.close();
    }

    private int connectionsInUse() {
        return ((com.zaxxer.hikari.HikariDataSource) DB.dataSource()).getHikariPoolMXBean().getActiveConnections();
    }

    private Runnable record(String what) {
        return () -> log.add(what + ":in-use=" + connectionsInUse());
    }

    @Test
    void runs_after_the_commit_with_the_connection_back_in_the_pool() {
        tx.executeWithoutResult(s -> {
            AfterCommit.run(record("work"));
            log.add("body");
        });
        assertThat(log).containsExactly("body", "work:in-use=0");
    }

    @Test
    void a_rolled_back_transaction_drops_its_work() {
        tx.executeWithoutResult(s -> {
            AfterCommit.run(record("work"));
            s.setRollbackOnly();
        });
        tx.executeWithoutResult(s -> log.add("next"));
        assertThat(log).containsExactly("next");
    }

    @Test
    void work_of_an_inner_new_transaction_waits_for_the_outer_one() {
        var inner = new TransactionTemplate(transactions);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        tx.executeWithoutResult(s -> {
            inner.executeWithoutResult(i -> AfterCommit.run(record("inner")));
            log.add("outer-body");
        });
        assertThat(log).containsExactly("outer-body", "inner:in-use=0");
    }

    @Test
    void without_a_transaction_it_runs_at_once_and_failures_stay_with_it() {
        AfterCommit.run(() -> { throw new IllegalStateException("relay down"); });
        AfterCommit.run(record("now"));
        tx.executeWithoutResult(s -> {
            AfterCommit.run(() -> { throw new IllegalStateException("relay down"); });
            AfterCommit.run(record("after"));
        });
        assertThat(log).containsExactly("now:in-use=0", "after:in-use=0");
    }

    @Test
    void work_may_open_transactions_and_register_more_work() {
        tx.executeWithoutResult(s -> AfterCommit.run(() ->
                tx.executeWithoutResult(t -> {
                    log.add("first");
                    AfterCommit.run(record("second"));
                })));
        assertThat(log).containsExactly("first", "second:in-use=0");
    }
}
