package app.cloak.platform.persistence;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work to run on the committing thread once the current transaction has committed <em>and</em> its
 * connection is back in the pool (through {@link AfterCommitTransactionManager}).
 *
 * <p>Why not plain {@code afterCommit}: Spring calls it while the committed connection is still held,
 * so new transactional work there needs a second connection; with many threads committing at once
 * (virtual threads, a pool of 4 on SQLite) every connection can end up held by a thread waiting for
 * another one. Here the work runs only after the outermost physical transaction of the thread has
 * ended, so it never holds two connections. Work is best effort: failures are logged, never thrown
 * at the caller whose transaction already committed.
 */
public final class AfterCommit {
    private static final Logger log = LoggerFactory.getLogger(AfterCommit.class);
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private static final class State {
        int open;
        boolean draining;
        final Deque<Runnable> pending = new ArrayDeque<>();
    }

    private AfterCommit() {}

    /** Runs {@code work} after the current transaction commits (now, when there is none); dropped on rollback. */
    public static void run(Runnable work) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            runSafely(work);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                State state = STATE.get();
                if (state.open > 0) {
                    state.pending.add(work);
                } else {
                    // A transaction manager that does not report releases: run now, holding the connection.
                    runSafely(work);
                }
            }
        });
    }

    /** A physical transaction began on this thread. */
    static void opened() {
        STATE.get().open++;
    }

    /** A physical transaction ended and released its connection; the last one runs the pending work. */
    static void released() {
        State state = STATE.get();
        state.open = Math.max(0, state.open - 1);
        if (state.open > 0 || state.draining) return;
        state.draining = true;
        try {
            Runnable next;
            while ((next = state.pending.poll()) != null) runSafely(next);
        } finally {
            state.draining = false;
        }
    }

    private static void runSafely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("After-commit work failed; it is retried by its owner's sweep", e);
        }
    }
}
