package app.cloak.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.shared.Caller;
import app.cloak.testing.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The sends of one write transaction (one group commit) get ids from one batch: side by side in every index. */
class SendBatchMessageIdsTest extends ApiTestBase {
    @Autowired
    MessageService messages;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void sendsCommittedTogetherGetAdjacentIdsAndAnotherCommitGetsItsOwn() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        Caller caller = new Caller(alice.userId(), alice.deviceId());
        var tx = new TransactionTemplate(transactions);
        List<String> together = tx.execute(s -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(messages.send(caller, new MessageService.Send(chat, "batch-" + i, "text", "one of three " + i,
                        null, null, null, null)).message().messageId());
            }
            return ids;
        });
        String alone = tx.execute(s -> messages.send(caller, new MessageService.Send(chat, "alone", "text", "on its own",
                null, null, null, null)).message().messageId());

        assertThat(together).allSatisfy(id -> assertThat(id).matches("m_[A-Za-z0-9_-]{20}"))
                .isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
        String head = together.getFirst().substring(0, 14);            // "m_" and the batch's shared random part
        assertThat(together).allSatisfy(id -> assertThat(id).startsWith(head));
        assertThat(alone).matches("m_[A-Za-z0-9_-]{20}").doesNotStartWith(head);
        // stored and readable as any message
        var history = bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages");
        List<String> stored = new ArrayList<>();
        history.forEach(m -> stored.add(m.get("messageId").asString()));
        assertThat(stored).containsAll(together).contains(alone);
    }
}
