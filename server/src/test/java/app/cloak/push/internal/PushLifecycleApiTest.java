package app.cloak.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.chats.ChatsApi;
import app.cloak.identity.IdentityApi;
import app.cloak.messaging.MessagingApi;
import app.cloak.presence.PresenceApi;
import app.cloak.privacy.PrivacyApi;
import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import app.cloak.testing.PushServiceStandIn;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Push subscriptions end with the device that made them, and a batch waiting for its window outlives the process
 * that opened it (over real HTTP; the push service is the decrypting stand-in).
 */
class PushLifecycleApiTest extends ApiTestBase {
    static final PushServiceStandIn PUSH = PushServiceStandIn.start();
    static final long QUIET = 2_500; // batch window (1 s) plus slack

    @Autowired ChatsApi chats;
    @Autowired MessagingApi messaging;
    @Autowired PrivacyApi privacy;
    @Autowired IdentityApi identity;
    @Autowired PresenceApi presence;
    @Autowired PushStore store;
    @Autowired PushSender sender;
    @Autowired JsonMapper json;
    @Autowired Clock clock;
    @Autowired TransactionTemplate tx;

    @AfterAll
    static void stop() {
        PUSH.close();
    }

    private static void subscribe(Session s, PushServiceStandIn.Subscription sub) {
        assertThat(s.api().post("/api/v1/push/subscriptions", sub.json()).status()).isEqualTo(201);
    }

    private long subscriptionsOf(Session s) {
        return jdbc.sql("SELECT COUNT(*) FROM push_subscriptions WHERE user_id = ? AND device_id = ?").params(s.userId(), s.deviceId())
                .query(Long.class).single();
    }

    private void awaitNoSubscriptions(Session s) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (subscriptionsOf(s) > 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(subscriptionsOf(s)).as("the signed-out device's subscriptions are gone").isZero();
    }

    @Test
    void aDeviceThatSignsOutLosesItsSubscriptionsAndGetsNoMorePushes() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = PUSH.subscribe();
        subscribe(bob, sub);
        String chat = directChat(alice, bob);
        sendText(alice, chat, "before");
        assertThat(PUSH.next(sub, 10_000)).as("subscribed: a push comes").isNotNull();

        assertThat(bob.api().post("/api/v1/auth/logout", null).status()).isIn(200, 204);
        awaitNoSubscriptions(bob);
        sendText(alice, chat, "after the sign-out");
        assertThat(PUSH.next(sub, QUIET)).isNull();
        assertThat(PUSH.attempts.get(sub.id())).as("nothing was even tried").isEqualTo(1);
    }

    @Test
    void aRevokedDeviceLosesItsSubscriptionsWhileTheOtherDeviceKeepsItsOwn() throws Exception {
        Session alice = signUp("Alice");
        Session laptop = signUp("Bob");
        Session phone = signIn(laptop.phone(), null, "phone");
        var laptopSub = PUSH.subscribe();
        var phoneSub = PUSH.subscribe();
        subscribe(laptop, laptopSub);
        subscribe(phone, phoneSub);

        assertThat(phone.api().send("DELETE", "/api/v1/devices/" + laptop.deviceId(), null, null).status()).isIn(200, 204);
        awaitNoSubscriptions(laptop);
        assertThat(subscriptionsOf(phone)).isEqualTo(1);
        sendText(alice, directChat(alice, phone), "to the phone only");
        assertThat(PUSH.next(phoneSub, 10_000)).isNotNull();
        assertThat(PUSH.next(laptopSub, 1)).isNull();
        assertThat(PUSH.attempts.get(laptopSub.id())).isNull();
    }

    /** A PushBatches as a restarted (or another) node has it: nothing in memory, the same database, its clock at {@code ahead}. */
    private PushBatches restarted(Duration ahead) {
        return new PushBatches(chats, messaging, privacy, identity, presence, store, sender, json, Clock.offset(clock, ahead), tx);
    }

    @Test
    void aBatchWaitingInTheDatabaseIsSentByARestartedNotifierAndOnlyOnce() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        var sub = PUSH.subscribe();
        subscribe(bob, sub);
        String chat = directChat(alice, bob);
        sendText(alice, chat, "one");
        String last = sendText(alice, chat, "two").get("messageId").asString();

        // The node that took the events "crashes" before its window closes: its timer is gone. Played here by moving
        // the batch's window an hour on, out of reach of this process's timer and job.
        long deadline = System.currentTimeMillis() + 5_000;
        while (store.pending(bob.userId(), chat).map(p -> p.count() < 2).orElse(true) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        var pending = store.pending(bob.userId(), chat).orElseThrow();
        assertThat(pending.count()).isEqualTo(2);
        assertThat(jdbc.sql("UPDATE push_pending SET due_at = ? WHERE user_id = ? AND chat_id = ? AND due_at = ?")
                .params(clock.millis() + Duration.ofHours(1).toMillis(), bob.userId(), chat, pending.dueAt()).update())
                .as("moved before this process flushed it").isEqualTo(1);
        assertThat(PUSH.next(sub, QUIET)).as("the crashed node's timer never sends it").isNull();

        // Restarted an hour and a bit later: a new notifier over the same database sends it, once.
        assertThat(restarted(Duration.ofMinutes(61)).flushDue()).isEqualTo(1);
        var push = PUSH.next(sub, 10_000);
        assertThat(push).isNotNull();
        var payload = Api.JSON.readTree(push.plaintext());
        assertThat(payload.get("count").asInt()).isEqualTo(2);
        assertThat(payload.get("messageId").asString()).isEqualTo(last);
        assertThat(restarted(Duration.ofMinutes(62)).flushDue()).as("a second node finds nothing").isZero();
        assertThat(store.pending(bob.userId(), chat)).isEmpty();
        assertThat(PUSH.next(sub, QUIET)).isNull();
    }

    @Test
    void recipientsWithoutASubscriptionGetNoPendingBatch() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session carol = signUp("Carol");
        var sub = PUSH.subscribe();
        subscribe(carol, sub);
        String group = groupChat(alice, "Trio", bob, carol);
        sendText(alice, group, "hello both");

        long deadline = System.currentTimeMillis() + 5_000;
        while (store.pending(carol.userId(), group).isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertThat(store.pending(carol.userId(), group)).as("carol has a subscription").isPresent();
        assertThat(store.pending(bob.userId(), group)).as("bob has none: no row is written for him").isEmpty();
        assertThat(PUSH.next(sub, 10_000)).as("carol's push still comes").isNotNull();
    }
}
