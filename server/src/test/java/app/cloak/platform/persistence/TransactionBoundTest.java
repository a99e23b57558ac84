package app.cloak.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** One value per transaction: the same throughout it, gone after it, whether it committed or rolled back. */
class TransactionBoundTest {
    private static final TestDatabase DB = TestDatabase.sqlite();
    private static final Object KEY = new Object();

    @AfterAll
    static void close() {
        DB.close();
    }

    @Test
    void eachTransactionMakesItsOwnValueOnceAndLeavesNothingBound() {
        AtomicInteger made = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        DB.tx().executeWithoutResult(s -> {
            seen.add(TransactionBound.get(KEY, made::incrementAndGet));
            seen.add(TransactionBound.get(KEY, made::incrementAndGet));
        });
        assertThat(TransactionSynchronizationManager.hasResource(KEY)).isFalse();
        DB.tx().executeWithoutResult(s -> {
            seen.add(TransactionBound.get(KEY, made::incrementAndGet));
            s.setRollbackOnly();
        });
        assertThat(TransactionSynchronizationManager.hasResource(KEY)).isFalse();
        DB.tx().executeWithoutResult(s -> seen.add(TransactionBound.get(KEY, made::incrementAndGet)));
        assertThat(seen).containsExactly(1, 1, 2, 3);
    }
}
