package app.cloak.messaging.internal;

import app.cloak.platform.jobs.ClusterJobs;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Keeps the change feed to its retention, once per cluster, in small batches. */
@Component
class FeedRetention {
    private static final int BATCH = 5_000;
    private final ChangeFeedStore feed;
    private final MessagingSettings settings;
    private final Clock clock;
    private final TransactionTemplate tx;

    FeedRetention(ChangeFeedStore feed, MessagingSettings settings, Clock clock, PlatformTransactionManager transactions, ClusterJobs jobs) {
        this.feed = feed;
        this.settings = settings;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        jobs.every("messaging.feed-retention", Duration.ofMinutes(10), this::prune);
    }

    /** Returns how many changes were removed. */
    int prune() {
        long cutoff = clock.millis() - settings.feedRetention().toMillis();
        int total = 0;
        for (int round = 0; round < 20; round++) {
            Integer removed = tx.execute(s -> feed.prune(cutoff, BATCH));
            total += removed == null ? 0 : removed;
            if (removed == null || removed < BATCH) break;
        }
        return total;
    }
}
