package app.cloak.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.shared.Caller;
import app.cloak.testing.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A device offline for a week comes back to 10,000 messages: it gets every one, in order, one event
 * per frame, read from the feed page by page, then sync.done. (The messages are written through the
 * same group-commit path as REST and WebSocket sends, just without 10,000 HTTP round trips.)
 */
class WeekOfflineSyncTest extends ApiTestBase {
    @Autowired
    SendBatcher sends;

    @Test
    void tenThousandMissedMessagesArriveInOrderThenSyncDone() throws Exception {
        var bob = signUp("Bob");
        List<Session> senders = new ArrayList<>();
        for (int i = 0; i < 20; i++) senders.add(signUp("Sender " + i));   // 500 each: under the per-user send limit
        String chat = senders.getFirst().api().post("/api/v1/chats", Map.of("type", "group", "name", "Busy week",
                "memberIds", java.util.stream.Stream.concat(senders.stream().skip(1).map(Session::userId), java.util.stream.Stream.of(bob.userId())).toList()))
                .body().get("chatId").asString();
        String cursor;
        try (var b = ws(bob)) {
            b.send(Map.of("type", "sync"));
            cursor = b.next("sync.done").get("cursor").asString();
        }
        long t0 = System.nanoTime();
        var inFlight = new java.util.concurrent.Semaphore(256);     // as many clients sending at once as one batch holds
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < senders.size(); w++) {
                int writer = w;
                Caller sender = new Caller(senders.get(w).userId(), senders.get(w).deviceId());
                for (int i = 0; i < 500; i++) {
                    int n = i;
                    inFlight.acquire();
                    writers.add(pool.submit(() -> {
                        try {
                            return sends.send(sender, new MessageService.Send(chat, "wk-" + writer + "-" + n, "text",
                                    "while you were away " + n, null, null, null, null));
                        } finally {
                            inFlight.release();
                        }
                    }));
                }
            }
            for (var f : writers) f.get();
        }
        System.out.printf("wrote 10,000 messages through group commit in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        long t1 = System.nanoTime();
        try (var b = ws(bob)) {
            b.send(Map.of("type", "sync", "cursor", cursor));
            // A generous bound: this checks paging and order, not speed (about 15 s on a quiet 2-core machine,
            // over 90 s at a load average of 20). Speed is the benchmarks' business.
            b.next("sync.done", e -> true, java.time.Duration.ofMinutes(5));
            long expected = 1;
            int frames = 0;
            for (JsonNode e : b.all()) {
                if (!e.get("type").asString().equals("message.new")) continue;
                assertThat(e.get("message").get("seq").asLong()).isEqualTo(expected++);
                frames++;
            }
            assertThat(frames).isEqualTo(10_000);
            System.out.printf("synced 10,000 messages in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
        }
    }
}
