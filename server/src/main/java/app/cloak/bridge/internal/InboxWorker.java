package app.cloak.bridge.internal;

import app.cloak.platform.crypto.DataCipher;
import app.cloak.platform.jobs.ClusterJobs;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes stored webhook bodies, at least once: a cluster-once job ({@link ClusterJobs}, lease-guarded) every
 * {@code cloak.bridge.worker-period}, and a kick right after a body commits so it is processed in well under a
 * second. Each body is claimed with a conditional update, processed (ingest is idempotent: messages dedupe by
 * wamid, statuses only move forward), then marked processed; a failure leaves it for a retry with backoff. The
 * sealed body is kept for {@code cloak.bridge.inbox-retention} and then purged.
 *
 * <p>Why a table and not the domain event outbox: the body must be stored before the 200 whether or not it is
 * valid for any consumer, it is large (up to 3 MB, sealed), and its processing calls the Graph API for media,
 * which must not run inside an event handler's transaction; the inbox keeps the raw bytes for replay as well.
 */
@Component
class InboxWorker {
    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);
    private static final int BATCH = 20;

    private final BridgeStore store;
    private final Links links;
    private final DataCipher cipher;
    private final Ingest ingest;
    private final BridgeSettings settings;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ClusterJobs.Job job;
    private final AtomicBoolean again = new AtomicBoolean();

    InboxWorker(BridgeStore store, Links links, DataCipher cipher, Ingest ingest, BridgeSettings settings, Clock clock,
                PlatformTransactionManager transactions, ClusterJobs jobs) {
        this.store = store;
        this.links = links;
        this.cipher = cipher;
        this.ingest = ingest;
        this.settings = settings;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.job = jobs.every("bridge-inbox", settings.workerPeriod(), this::drain);
    }

    /** Starts a run now (on a virtual thread), or makes the running one go round again. */
    void kick() {
        again.set(true);
        Thread.ofVirtual().name("bridge-inbox-kick").start(job::tick);
    }

    /** Processes every due body; returns how many were processed. */
    int drain() {
        int done = 0;
        do {
            again.set(false);
            List<BridgeStore.InboxRow> due;
            while (!(due = tx.execute(s -> store.dueInbox(clock.millis(), BATCH))).isEmpty()) {
                for (BridgeStore.InboxRow row : due) if (process(row)) done++;
                if (due.size() < BATCH) break;
            }
        } while (again.get());
        long cutoff = clock.millis() - settings.inboxRetention().toMillis();
        tx.executeWithoutResult(s -> store.purgeInbox(cutoff));
        return done;
    }

    private boolean process(BridgeStore.InboxRow row) {
        long now = clock.millis();
        long lease = settings.graphTimeout().toMillis() * 10 + 60_000;
        if (!Boolean.TRUE.equals(tx.execute(s -> store.claimInbox(row.inboxId(), now, now + lease)))) return false;
        int attempt = row.attempts() + 1;
        boolean lastChance = attempt >= settings.maxAttempts() || now - row.receivedAt() > settings.mediaDeadline().toMillis();
        try {
            var link = links.link(row.linkId());
            if (link.isPresent()) {
                WebhookPayload payload;
                try {
                    payload = WebhookPayload.parse(cipher.decrypt(row.body(), Webhooks.context(row.inboxId())));
                } catch (WebhookPayload.Malformed e) {
                    payload = new WebhookPayload(List.of(), List.of(), List.of(), List.of());   // checked on receipt; kept for the record
                }
                Ingest.Outcome outcome = ingest.process(link.get(), payload, lastChance);
                if (outcome.unresolved() > 0 && !lastChance) {
                    // Reactions, edits or revokes naming a message not here yet (out of order): try again later.
                    retry(row, attempt, "unresolved references: " + outcome.unresolved());
                    return true;
                }
            }
            tx.executeWithoutResult(s -> store.inboxDone(row.inboxId(), clock.millis()));
            return true;
        } catch (RuntimeException e) {
            if (attempt >= settings.maxAttempts() && now - row.receivedAt() > settings.mediaDeadline().toMillis()) {
                // Still failing past the media deadline after every try: set aside (kept sealed, with the error) rather than retried forever.
                log.warn("Webhook body {} failed {} times; given up", row.inboxId(), attempt, e);
                tx.executeWithoutResult(s -> store.inboxGaveUp(row.inboxId(), attempt, clock.millis(), e.getClass().getSimpleName()));
                return false;
            }
            log.warn("Webhook body {} failed (attempt {}); it will be retried", row.inboxId(), attempt, e);
            retry(row, attempt, e.getClass().getSimpleName());
            return false;
        }
    }

    private void retry(BridgeStore.InboxRow row, int attempt, String error) {
        long next = clock.millis() + settings.backoff(attempt).toMillis();
        tx.executeWithoutResult(s -> store.inboxRetry(row.inboxId(), attempt, next, error));
    }
}
