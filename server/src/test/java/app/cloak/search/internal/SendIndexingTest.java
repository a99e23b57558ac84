package app.cloak.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.messaging.MessageAccepted;
import app.cloak.messaging.internal.MessageService;
import app.cloak.shared.Caller;
import app.cloak.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A sent message is indexed inside its send's transaction (ADR 0002): present before the commit, so no relay pass can
 * have put it there, and gone with the send when it rolls back. The durable consumer indexes only what is missing.
 */
class SendIndexingTest extends ApiTestBase {
    @Autowired
    MessageService messages;
    @Autowired
    SearchIndex index;
    @Autowired
    BlindTokens tokens;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ApplicationEventPublisher events;

    private static MessageService.Send text(String chat, String text) {
        return new MessageService.Send(chat, UUID.randomUUID().toString(), "text", text, null, null, null, null);
    }

    @Test
    void aSentMessageIsIndexedInItsSendsTransactionWithTheTokensPreparedAhead() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        Caller caller = new Caller(alice.userId(), alice.deviceId());
        var send = text(chat, "Orchids bloom at dawn");
        var prepared = messages.prepare(send);        // as the send writer's callers do, off the writer
        assertThat(prepared.values()).containsExactly(tokens.of("Orchids bloom at dawn"));

        var tx = new TransactionTemplate(transactions);
        String id = tx.execute(s -> {
            String m = messages.send(caller, send, prepared, null).message().messageId();
            // before the commit: only the send's own transaction can have written it
            assertThat(index.indexed(List.of(m))).containsExactly(m);
            assertThat(index.find(List.of(chat), tokens.of("orchid"), 10)).containsExactly(m);
            return m;
        });
        assertThat(index.find(List.of(chat), tokens.of("blooming"), 10)).containsExactly(id);
    }

    @Test
    void aForwardIsIndexedWithTheOriginalsTextAndAWordlessTextNotAtAll() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        String first = directChat(alice, bob);
        String second = directChat(alice, carol);
        Caller caller = new Caller(alice.userId(), alice.deviceId());
        var tx = new TransactionTemplate(transactions);
        var ids = tx.execute(s -> {
            String original = messages.send(caller, text(first, "marmalade recipe")).message().messageId();
            String forward = messages.send(caller, new MessageService.Send(second, UUID.randomUUID().toString(), null, null,
                    null, original, null, null)).message().messageId();
            String wordless = messages.send(caller, text(first, "!!! ...")).message().messageId();
            return List.of(original, forward, wordless);
        });
        assertThat(index.find(List.of(second), tokens.of("marmalade"), 10)).containsExactly(ids.get(1));
        assertThat(index.indexed(ids)).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
    }

    @Test
    void aSendRolledBackLeavesNothingInTheIndex() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        Caller caller = new Caller(alice.userId(), alice.deviceId());
        var outer = new TransactionTemplate(transactions);
        var nested = new TransactionTemplate(transactions);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED); // as the send writer runs each send
        String[] kept = new String[1], dropped = new String[1];
        outer.executeWithoutResult(s -> {
            kept[0] = nested.execute(n -> messages.send(caller, text(chat, "kept quince")).message().messageId());
            assertThatThrownBy(() -> nested.executeWithoutResult(n -> {
                dropped[0] = messages.send(caller, text(chat, "dropped quince")).message().messageId();
                throw new IllegalStateException("refused after storing");
            })).isInstanceOf(IllegalStateException.class);
        });
        assertThat(index.indexed(List.of(kept[0], dropped[0]))).containsExactly(kept[0]);
        assertThat(index.find(List.of(chat), tokens.of("quince"), 10)).containsExactly(kept[0]);
    }

    @Test
    void aSentMessageMissingFromTheIndexIsIndexedFromItsDurableEvent() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        String chat = directChat(alice, bob);
        var sent = sendText(alice, chat, "tangerine dream");
        String id = sent.get("messageId").asString();
        var tx = new TransactionTemplate(transactions);
        // as if sent before sends were indexed in their transaction, its event still waiting in the outbox
        tx.executeWithoutResult(s -> {
            index.remove(List.of(id));
            // checked here, not after the commit: the relay may hand the event over the moment it is committed
            assertThat(index.indexed(List.of(id))).isEmpty();
            events.publishEvent(new MessageAccepted(id, chat, sent.get("seq").asLong(), alice.userId()));
        });
        awaitEventsHandled();
        assertThat(index.indexed(List.of(id))).containsExactly(id);
        var found = bob.api().get("/api/v1/search?q=tangerine");
        assertThat(found.status()).as(found.raw()).isEqualTo(200);
        assertThat(found.raw()).contains(id);
    }
}
