package app.cloak.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * CPU-bound work over a long list (an import's tens of thousands of messages) spread over the machine's cores,
 * with the results handed over <em>in order</em> to a consumer on the caller's thread. The caller computes chunks
 * too whenever the next result it needs is not ready, so nothing waits on an idle core; the consumer (typically
 * the database writes, which must stay on the caller's thread and transaction) overlaps with the helpers
 * computing later chunks.
 *
 * <p>{@code compute} runs on other threads: it must be pure work on its chunk (no transaction, no thread-bound
 * resource). A failure in {@code compute} or {@code consume} stops the claiming of further chunks and is rethrown
 * on the caller's thread.
 */
public final class Chunks {
    /**
     * Platform threads, not virtual ones: the work is CPU-bound and would hold a carrier thread (of which there is
     * one per core) for a whole chunk, holding up every other virtual thread; the OS preempts platform threads.
     */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(Thread.ofPlatform().name("chunks-", 0).daemon().factory());

    private Chunks() {}

    /** Helper threads besides the caller: one per other core. */
    static int helpers() {
        return Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    }

    public static <T, R> void pipeline(List<T> items, int chunkSize, Function<List<T>, R> compute, Consumer<R> consume) {
        int n = (items.size() + chunkSize - 1) / chunkSize;
        if (n == 0) return;
        int helpers = Math.min(helpers(), n - 1);
        if (helpers == 0) {
            for (int i = 0; i < n; i++) consume.accept(compute.apply(chunk(items, chunkSize, i)));
            return;
        }
        List<CompletableFuture<R>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) results.add(new CompletableFuture<>());
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            int j;
            while ((j = next.getAndIncrement()) < n) run(items, chunkSize, j, compute, results.get(j));
        };
        for (int h = 0; h < helpers; h++) HELPERS.execute(work);
        try {
            for (int i = 0; i < n; i++) {
                CompletableFuture<R> wanted = results.get(i);
                while (!wanted.isDone()) {
                    int j = next.getAndIncrement();
                    if (j >= n) break; // every chunk is taken: wait for the one being computed
                    run(items, chunkSize, j, compute, results.get(j));
                }
                R result;
                try {
                    result = wanted.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw e;
                }
                consume.accept(result);
            }
        } finally {
            next.set(n); // on failure: the helpers take no further chunk
        }
    }

    /** {@code compute} over every chunk, results concatenated in order. */
    public static <T, R> List<R> map(List<T> items, int chunkSize, Function<List<T>, List<R>> compute) {
        List<R> out = new ArrayList<>(items.size());
        pipeline(items, chunkSize, compute, out::addAll);
        return out;
    }

    private static <T, R> void run(List<T> items, int chunkSize, int j, Function<List<T>, R> compute, CompletableFuture<R> result) {
        try {
            result.complete(compute.apply(chunk(items, chunkSize, j)));
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    private static <T> List<T> chunk(List<T> items, int chunkSize, int i) {
        return items.subList(i * chunkSize, Math.min(items.size(), (i + 1) * chunkSize));
    }
}
