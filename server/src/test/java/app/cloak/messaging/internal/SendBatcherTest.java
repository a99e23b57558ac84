package app.cloak.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import app.cloak.testing.ApiTestBase;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One batch of the send writer (one commit): each send stands or falls alone, and so does its search entry. */
class SendBatcherTest extends ApiTestBase {
    @Autowired
    SendBatcher batcher;

    private static MessageService.Send text(String chat, String clientMsgId, String text) {
        return new MessageService.Send(chat, clientMsgId, "text", text, null, null, null, null);
    }

    @Test
    void aRefusedSendInABatchLeavesNoTraceAndTheOthersAreFoundAtOnce() throws Exception {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var mallory = signUp("Mallory");
        String chat = directChat(alice, bob);
        Caller a = new Caller(alice.userId(), alice.deviceId());
        Caller m = new Caller(mallory.userId(), mallory.deviceId());
        String w1 = "zqbatch" + UUID.randomUUID().toString().substring(0, 8).replace("-", "x");
        String retried = UUID.randomUUID().toString();
        var first = batcher.pending(a, text(chat, retried, "first " + w1));
        var intruder = batcher.pending(m, text(chat, UUID.randomUUID().toString(), "intruding " + w1));
        var again = batcher.pending(a, text(chat, retried, "first " + w1));           // a retry within the batch
        var forward = batcher.pending(a, new MessageService.Send(chat, UUID.randomUUID().toString(), null, null, null,
                "m_nosuchmessage00000000", null, null));
        var second = batcher.pending(a, text(chat, UUID.randomUUID().toString(), "second " + w1));

        batcher.write(List.of(first, intruder, again, forward, second));

        String firstId = first.result().get().message().messageId();
        assertThat(first.result().get().created()).isTrue();
        assertThat(again.result().get().created()).isFalse();
        assertThat(again.result().get().message().messageId()).isEqualTo(firstId);
        assertThat(refusal(intruder)).isNotNull();
        assertThat(refusal(forward).code()).isEqualTo("invalid_forward");
        String secondId = second.result().get().message().messageId();

        // no waiting for the outbox: the batch's index rows were committed with it, the refused send's not at all
        var found = bob.api().get("/api/v1/search?q=" + w1);
        assertThat(found.status()).as(found.raw()).isEqualTo(200);
        List<String> hits = new java.util.ArrayList<>();
        found.body().get("hits").forEach(h -> hits.add(h.get("message").get("messageId").asString()));
        assertThat(hits).containsExactlyInAnyOrder(firstId, secondId);
        assertThat(found.raw()).doesNotContain("intruding");
    }

    private static ApiProblem refusal(SendBatcher.Pending pending) throws InterruptedException {
        try {
            pending.result().get();
            throw new AssertionError("the send was not refused");
        } catch (ExecutionException e) {
            return (ApiProblem) e.getCause();
        }
    }
}
