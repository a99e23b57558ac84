package app.cloak.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sends are committed in batches; a refused send must fail alone, every accepted one must be stored
 * exactly once with contiguous seqs, and each caller must get its own answer.
 */
class GroupCommitApiTest extends ApiTestBase {

    @Test
    void concurrentSendsWithRefusalsMixedInEachGetTheirOwnAnswer() throws Exception {
        var owner = signUp("Owner");
        List<Session> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) members.add(signUp("Member " + i));
        var outsider = signUp("Outsider");
        String group = groupChat(owner, "Busy", members.toArray(Session[]::new));

        List<Callable<Integer>> sends = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (var m : members) {
                sends.add(() -> m.api().post("/api/v1/chats/" + group + "/messages",
                        Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "ok")).status());
            }
            sends.add(() -> outsider.api().post("/api/v1/chats/" + group + "/messages",
                    Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "not mine")).status());
            sends.add(() -> owner.api().post("/api/v1/chats/" + group + "/messages",
                    Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "")).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> f : pool.invokeAll(sends)) statuses.add(f.get());
        }
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(60);
        assertThat(statuses.stream().filter(s -> s == 404)).hasSize(10);
        assertThat(statuses.stream().filter(s -> s == 400)).hasSize(10);

        var history = owner.api().get("/api/v1/chats/" + group + "/messages?limit=200").body().get("messages");
        assertThat(history.size()).isEqualTo(60);
        for (int i = 0; i < history.size(); i++) assertThat(history.get(i).get("seq").asLong()).isEqualTo(i + 1);
    }
}
