package app.cloak.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: M senders, each in a closed loop POSTing text messages to its own direct chat.
 * A 201 means the message was committed, so the POST latency is the durable-send latency.
 */
final class RestSend implements Main.Scenario {
    private int senders;
    private Duration duration;
    private Duration warmup;
    private int textBytes;

    @Override
    public void configure(Options o) {
        senders = o.integer("senders", 32);
        duration = o.duration("duration", Duration.ofSeconds(20));
        warmup = o.duration("warmup", Duration.ofSeconds(5));
        textBytes = o.integer("text-bytes", 100);
    }

    @Override
    public void run(Main.Context ctx, Report report) throws Exception {
        List<Api.User> users = ctx.signUp(senders * 2);
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            int a = 2 * i, b = 2 * i + 1;
            chats.add(Api.retry(() -> ctx.api.directChat(users.get(a), users.get(b))));
        }
        Log.info("%d direct chats; sending for %s after %s warm-up with %d concurrent senders", senders, duration, warmup, senders);

        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + duration.toNanos();
        List<Latencies> perSender = new ArrayList<>();
        for (int i = 0; i < senders; i++) perSender.add(new Latencies(16_384));
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        AtomicLong warmupSent = new AtomicLong();
        CountDownLatch done = new CountDownLatch(senders);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < senders; i++) {
                Api.User me = users.get(2 * i);
                String chatId = chats.get(i);
                Latencies lat = perSender.get(i);
                int sender = i;
                pool.submit(() -> {
                    try {
                        sendLoop(ctx, me, chatId, sender, lat, start, measureFrom, measureTo, errors, warmupSent);
                    } finally {
                        done.countDown();
                    }
                    return null;
                });
            }
            done.await();
        }
        Latencies all = Latencies.merge(perSender);
        Latencies.Summary s = all.summary();
        double seconds = duration.toNanos() / 1e9;
        double rate = s.count() / seconds;
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        Map<String, Long> errorMap = new TreeMap<>();
        errors.forEach((k, v) -> errorMap.put(k, v.get()));

        report.put("senders", senders).put("durationS", seconds).put("warmupS", warmup.toNanos() / 1e9)
                .put("textBytes", textBytes).put("messagesPerSecond", Math.round(rate * 10) / 10.0)
                .put("latency", s.json()).put("errors", errorMap).put("warmupMessages", warmupSent.get());
        report.line("database          %s", ctx.db)
                .line("senders           %d concurrent (closed loop), one direct chat each", senders)
                .line("window            %.0f s measured after %.0f s warm-up", seconds, warmup.toNanos() / 1e9)
                .line("durable sends     %,d  →  %,.1f messages/s", s.count(), rate)
                .line("POST latency      %s", s.line())
                .line("errors            %d %s", errorCount, errorMap.isEmpty() ? "" : errorMap.toString());
    }

    private void sendLoop(Main.Context ctx, Api.User me, String chatId, int sender, Latencies lat, long start, long measureFrom,
                          long measureTo, Map<String, AtomicLong> errors, AtomicLong warmupSent) throws Exception {
        String path = "/api/v1/chats/" + chatId + "/messages";
        String filler = Texts.filler(textBytes);
        while (System.nanoTime() < start) Thread.sleep(1);
        for (long n = 0; ; n++) {
            long t0 = System.nanoTime();
            if (t0 >= measureTo) return;
            String body = ctx.json.writeValueAsString(Map.of("clientMsgId", "r" + sender + "-" + n, "type", "text",
                    "text", "bench " + sender + "-" + n + " " + filler));
            HttpRequest req = HttpRequest.newBuilder(ctx.api.base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + me.accessToken())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            String outcome;
            try {
                HttpResponse<String> r = ctx.api.http.send(req, HttpResponse.BodyHandlers.ofString());
                outcome = r.statusCode() == 201 ? null : "http " + r.statusCode();
            } catch (java.io.IOException e) {
                outcome = e.getClass().getSimpleName();
            }
            long t1 = System.nanoTime();
            if (outcome != null) {
                errors.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
            } else if (t0 >= measureFrom) {
                lat.record(t1 - t0);
            } else {
                warmupSent.incrementAndGet();
            }
        }
    }
}
