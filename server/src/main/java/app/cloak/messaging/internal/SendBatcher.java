package app.cloak.messaging.internal;

import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit (see shared notes on durability): one fsync per batch instead of one per message.
 * Each send runs in its own savepoint, so a rejected send (not a member, bad text) rolls back alone;
 * the acks go out only after the batch's commit. No waiting for company: a batch is whatever queued
 * up while the previous one committed, so a lone send is written at once.
 */
@Component
public class SendBatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SendBatcher.class);

    record Pending(Caller caller, MessageService.Send command, MessageService.PreparedText prepared,
                   CompletableFuture<MessageService.Sent> result) {}

    private final MessageService messages;
    private final TransactionTemplate batch;
    private final TransactionTemplate single;
    private final SendBatchSettings settings;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> writers = new ArrayList<>();
    private final Timer busy;
    private final Counter written;
    private final Timer cpu;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private volatile boolean running;

    SendBatcher(MessageService messages, PlatformTransactionManager transactions, SendBatchSettings settings,
                ObjectProvider<MeterRegistry> meters) {
        this.messages = messages;
        this.batch = new TransactionTemplate(transactions);
        this.single = new TransactionTemplate(transactions);
        this.single.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.settings = settings;
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        // The writer is serial: its busy time per send bounds the node's send rate (BENCHMARKS.md, ws-send).
        MeterRegistry registry = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
        this.busy = Timer.builder("cloak.send.writer.busy")
                .description("Time the send writer spends on a batch, from taking it to the last ack and after-commit work")
                .register(registry);
        this.cpu = Timer.builder("cloak.send.writer.cpu")
                .description("CPU time of the send writer's thread per batch (platform threads only)").register(registry);
        this.written = Counter.builder("cloak.send.writer.sends").description("Sends the writer took").register(registry);
    }

    /** Returns once the message is committed; throws the send's own problem if it was refused. */
    public MessageService.Sent send(Caller caller, MessageService.Send command) {
        var pending = pending(caller, command);
        if (!running || !queue.offer(pending)) {
            throw new ApiProblem(503, "server_busy", "Too many messages are waiting to be written; try again shortly", 1L);
        }
        try {
            return pending.result().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            queue.remove(pending);     // if it had not been taken yet, it is certainly not stored
            throw new ApiProblem(503, "server_busy", "The message was not confirmed in time; retry with the same clientMsgId", 1L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A send to queue; the listeners' CPU work on its text (search: its tokens) is done here, not on the writer. */
    Pending pending(Caller caller, MessageService.Send command) {
        return new Pending(caller, command, messages.prepare(command), new CompletableFuture<>());
    }

    private void writeLoop() {
        List<Pending> taken = new ArrayList<>(settings.maxSize());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                taken.add(first);
                queue.drainTo(taken, settings.maxSize() - 1);
                long started = System.nanoTime();
                long cpuStarted = THREADS.getCurrentThreadCpuTime();   // -1 on a virtual thread
                try {
                    write(taken);
                } finally {
                    busy.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    if (cpuStarted >= 0) cpu.record(THREADS.getCurrentThreadCpuTime() - cpuStarted, TimeUnit.NANOSECONDS);
                    written.increment(taken.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable unexpected) {
                // The writer must survive anything, or every later send would wait for nothing.
                log.error("Send writer failed on a batch; its sends get an error", unexpected);
                for (Pending p : taken) p.result().completeExceptionally(new IllegalStateException("send failed", unexpected));
            } finally {
                taken.clear();
            }
        }
    }

    /** Writes these sends as one batch (one commit) and completes each one's result; package-private for tests. */
    void write(List<Pending> sends) {
        long started = System.nanoTime();
        List<Object> outcomes = new ArrayList<>(sends.size());
        try {
            batch.executeWithoutResult(tx -> {
                outcomes.clear();
                List<MessageService.StoredText> stored = new ArrayList<>(sends.size());
                for (Pending p : sends) {
                    List<MessageService.StoredText> mine = new ArrayList<>(1);
                    try {
                        outcomes.add(single.execute(s -> messages.send(p.caller(), p.command(), p.prepared(), mine)));
                        stored.addAll(mine);   // only once its savepoint is released: a refused send is not told
                    } catch (RuntimeException refused) {
                        // rolled back to its savepoint; a retry (its clientMsgId already stored) gets the original
                        outcomes.add(answer(p, refused));
                    }
                }
                // after the last savepoint: SQLite's FTS5 would write its pending terms out at each one
                messages.told(stored);
            });
        } catch (RuntimeException batchFailed) {
            // The commit itself failed: write each on its own so one bad apple cannot sink the rest.
            log.warn("A send batch of {} failed to commit; writing them one by one", sends.size(), batchFailed);
            outcomes.clear();
            for (Pending p : sends) {
                try {
                    outcomes.add(batch.execute(s -> messages.send(p.caller(), p.command(), p.prepared(), null)));
                } catch (RuntimeException refused) {
                    outcomes.add(answer(p, refused));
                }
            }
        }
        log.debug("Wrote a batch of {} sends in {} µs", sends.size(), (System.nanoTime() - started) / 1000);
        for (int i = 0; i < sends.size(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof RuntimeException e) sends.get(i).result().completeExceptionally(e);
            else sends.get(i).result().complete((MessageService.Sent) outcome);
        }
    }

    /** A failed send's outcome: the original message if it was a retry ({@link MessageService#retried}), else the failure. */
    private Object answer(Pending p, RuntimeException failure) {
        try {
            return messages.retried(p.caller(), p.command()).<Object>map(sent -> sent).orElse(failure);
        } catch (ApiProblem reused) {
            return reused;                      // the clientMsgId names the sender's message in another chat
        } catch (RuntimeException lookupFailed) {
            failure.addSuppressed(lookupFailed);
            return failure;
        }
    }

    @Override
    public void start() {
        running = true;
        // Platform threads, not virtual: a writer spends much of its time in SQLite's native code (statements, the
        // commit's fsync), which pins a virtual thread to its carrier, and there are only as many carriers as cores.
        for (int i = 0; i < settings.writers(); i++) {
            writers.add(Thread.ofPlatform().daemon().name("send-writer-" + i).start(this::writeLoop));
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread w : writers) {
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
