package app.cloak.platform.persistence;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions whose commit may be lost in a power failure because their work is done again if it is: at-least-once
 * work such as the outbox relay's (its handlers are idempotent; a lost commit leaves the events in the outbox, and
 * they are relayed again). On SQLite such a transaction commits with {@code synchronous=NORMAL}: no fsync of the WAL,
 * which under the one write lock held every send back for the length of the relay's sync (BENCHMARKS.md, session 9).
 * SQLite's WAL is written in order and the next ordinary commit syncs it whole, so a redoable commit is durable
 * once any later commit is; only one that nothing else followed can be lost. PostgreSQL commits it as any other.
 */
public final class Durability {
    private Durability() {}

    /** The transaction name ({@link TransactionTemplate#setName}) that marks a transaction redoable. */
    public static final String REDOABLE = "cloak:redoable";

    /** A template for redoable transactions (REQUIRED propagation: joined into an open transaction, it is that one). */
    public static TransactionTemplate redoable(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setName(REDOABLE);
        return template;
    }
}
