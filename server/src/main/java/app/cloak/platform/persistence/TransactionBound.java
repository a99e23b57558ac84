package app.cloak.platform.persistence;

import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One value per transaction under a key: made by the first caller inside the transaction, the same for every later one,
 * and unbound when the transaction completes (committed or rolled back), so the thread's next transaction makes its
 * own. For what a transaction gathers as it goes (the feed changes it records, the message ids it hands out, whether it
 * has woken the outbox relay yet).
 */
public final class TransactionBound {
    private TransactionBound() {}

    /**
     * The current transaction's value under {@code key}, made by {@code create} on first use. {@code create} may register
     * synchronizations of its own (they see the transaction's completion too). Requires transaction synchronization.
     */
    @SuppressWarnings("unchecked")
    public static <T> T get(Object key, Supplier<T> create) {
        var bound = (T) TransactionSynchronizationManager.getResource(key);
        if (bound != null) return bound;
        T made = create.get();
        TransactionSynchronizationManager.bindResource(key, made);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
        return made;
    }
}
