package app.cloak.messaging.internal;

import app.cloak.messaging.MessagesExpired;
import app.cloak.platform.jobs.ClusterJobs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Disappearing messages, enforced: a cluster-once job deletes expired messages for good, in batches,
 * with their reactions, stars and hidden marks. Each batch publishes {@link MessagesExpired} per chat
 * in its transaction, so the search index (which listens synchronously) loses the entries in the same
 * commit. Reads already hide expired messages, so the job's pace never shows to a user.
 */
@Component
public class MessageExpiry {
    static final String JOB = "messaging.expiry-sweep";
    static final int BATCH = 500;
    /** One run deletes at most this many batches, so it ends well within its lease; the next run goes on. */
    static final int MAX_BATCHES_PER_RUN = 40;
    private static final Logger log = LoggerFactory.getLogger(MessageExpiry.class);

    private final MessageStore store;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    MessageExpiry(MessageStore store, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock,
                  ClusterJobs jobs, MessagingSettings settings) {
        this.store = store;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        jobs.every(JOB, settings.expirySweep(), this::sweep);
    }

    /** Deletes messages expired by now; returns how many. What the job runs, and the hook tests call. */
    public int sweep() {
        int deleted = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            Integer n = tx.execute(status -> deleteBatch());
            deleted += n == null ? 0 : n;
            if (n == null || n < BATCH) break;
        }
        if (deleted > 0) log.info("Deleted {} expired disappearing messages", deleted);
        return deleted;
    }

    private int deleteBatch() {
        List<MessageStore.Expired> due = store.expiredBy(clock.millis(), BATCH);
        if (due.isEmpty()) return 0;
        Map<String, List<String>> byChat = new LinkedHashMap<>();
        for (var m : due) byChat.computeIfAbsent(m.chatId(), c -> new ArrayList<>()).add(m.id());
        int deleted = store.purge(due.stream().map(MessageStore.Expired::id).toList());
        byChat.forEach((chatId, ids) -> events.publishEvent(new MessagesExpired(chatId, ids)));
        return deleted;
    }
}
