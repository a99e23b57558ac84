package app.cloak.platform.persistence;

import java.util.LinkedHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What transactions read from a store, kept for the next ones, where a {@link SingleWriter} exists (SQLite: one node
 * owns the file and every transaction holds its one write lock). The rules, in one place for every store that keeps
 * reads (an authorisation read from a stale entry would let a removed member post):
 * <ul>
 * <li>only the transaction holding the write lock fills or reads what is kept, so nothing else writes meanwhile;</li>
 * <li>it fills it from committed rows only: not once it has written the store itself ({@link #writing}), since a write
 *     rolled back (to a savepoint, or whole) must not leave a kept read of it;</li>
 * <li>every write drops its key before it and, for a write outside a transaction (which does not take the lock), again
 *     after it ({@link #written}), past a transaction that read the key meanwhile.</li>
 * </ul>
 * Least recently used entries go first once the kept values weigh more than the bound.
 */
public final class KeptReads<V> {
    private final SingleWriter writer;
    private final long maxWeight;
    private final ToIntFunction<V> weigher;
    private final Predicate<V> worthKeeping;
    /** Bound in a transaction once it has written the store. */
    private final Object wrote = new Object();
    private final LinkedHashMap<String, V> kept = new LinkedHashMap<>(256, 0.75f, true);
    private long weight;

    /**
     * @param maxWeight    what the kept values may weigh together
     * @param weigher      a value's weight (1 for each entry alike)
     * @param worthKeeping whether a value read is kept (e.g. not "no such chat": anyone can name one)
     */
    public KeptReads(SingleWriter writer, long maxWeight, ToIntFunction<V> weigher, Predicate<V> worthKeeping) {
        this.writer = writer;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
        this.worthKeeping = worthKeeping;
    }

    /** Whether the current transaction may use what is kept: it holds the write lock and has not written the store. */
    public boolean usable() {
        return writer.heldHere() && TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.hasResource(wrote);
    }

    /** The kept value, or {@code read}'s (kept if worth it); just {@code read}'s where this transaction may not use it. */
    public V get(String key, Function<String, V> read) {
        if (!usable()) return read.apply(key);
        synchronized (this) {
            V value = kept.get(key);
            if (value != null) return value;
            value = read.apply(key);
            if (worthKeeping.test(value)) {
                kept.put(key, value);
                weight += weigher.applyAsInt(value);
                var eldest = kept.values().iterator();
                while (weight > maxWeight && eldest.hasNext()) {
                    weight -= weigher.applyAsInt(eldest.next());
                    eldest.remove();
                }
            }
            return value;
        }
    }

    /** Before a write to {@code key}: nobody keeps it, and this transaction reads the store afresh from now on. */
    public synchronized void writing(String key) {
        drop(key);
        if (TransactionSynchronizationManager.isActualTransactionActive()) TransactionBound.get(wrote, () -> Boolean.TRUE);
    }

    /** After a write to {@code key}: one outside a transaction has committed now, past a transaction that read it meanwhile. */
    public synchronized void written(String key) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) drop(key);
    }

    private void drop(String key) {
        V gone = kept.remove(key);
        if (gone != null) weight -= weigher.applyAsInt(gone);
    }
}
