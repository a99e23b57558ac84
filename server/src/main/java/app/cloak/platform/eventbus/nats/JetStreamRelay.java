package app.cloak.platform.eventbus.nats;

import app.cloak.platform.eventbus.durable.Outbox;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves outbox rows into the stream: claims a batch ({@code SKIP LOCKED}: nodes sharing the database take
 * disjoint batches), publishes every row with {@code Nats-Msg-Id} = outbox id and time, waits for all acks, then
 * deletes the rows in the same transaction. If anything fails the transaction rolls back and the rows
 * are published again later; the stream's duplicate window drops the copies that had made it.
 */
final class JetStreamRelay {
    private static final int BATCH = 200;
    private static final long ACK_TIMEOUT_SECONDS = 10;

    private final JetStream jetStream;
    private final EventStream stream;
    private final Outbox outbox;
    private final TransactionTemplate tx;

    JetStreamRelay(JetStream jetStream, EventStream stream, Outbox outbox, TransactionTemplate tx) {
        this.jetStream = jetStream;
        this.stream = stream;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Publishes everything due; throws (leaving the rest in the outbox) when NATS does not take it. */
    void pass() {
        if (!outbox.anyDue()) return;
        int published;
        do {
            published = tx.execute(s -> publishBatch());
        } while (published == BATCH);
    }

    private int publishBatch() {
        List<Outbox.Entry> due = outbox.claimDue(BATCH);
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(due.size());
        List<Long> ids = new ArrayList<>(due.size());
        for (Outbox.Entry entry : due) {
            PublishOptions options = PublishOptions.builder().messageId(entry.messageId()).expectedStream(stream.name()).build();
            acks.add(jetStream.publishAsync(stream.subject(entry.type()), entry.payload().getBytes(StandardCharsets.UTF_8), options));
            ids.add(entry.id());
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("JetStream did not acknowledge the outbox batch", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the outbox", e);
        }
        outbox.delete(ids);
        return due.size();
    }
}
