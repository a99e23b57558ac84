package app.cloak.presence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Devices of a node that died (no heartbeat since) are swept by the others: their user goes offline, last seen when
 * that node was last heard of, not when the sweep noticed; never earlier than a device of theirs that left later.
 */
class PresenceSweepTest extends ApiTestBase {
    @Autowired
    PresenceService presence;

    private void deviceOnADeadNode(String userId, String deviceId, long lastHeard) {
        jdbc.sql("INSERT INTO presence_devices (device_id, user_id, node_id, conn_id, seen_at) VALUES (?, ?, 'n_dead', 'w_dead', ?)")
                .params(deviceId, userId, lastHeard).update();
    }

    @Test
    void aUserWhoseOnlyDeviceWasOnADeadNodeIsLastSeenWhenThatNodeWasLastHeardOf() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        directChat(alice, bob);
        long lastHeard = System.currentTimeMillis() - 300_000;   // older than the stale limit (60 s)
        try (var b = ws(bob)) {
            // after Bob connected: the scheduled sweep may also take it, and Bob hears of it either way
            deviceOnADeadNode(alice.userId(), "d_dead_" + alice.userId(), lastHeard);
            presence.heartbeatAndSweep();
            var offline = b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && !e.get("online").asBoolean()
                    && !e.get("lastSeen").isNull());
            assertThat(Instant.parse(offline.get("lastSeen").asString()).toEpochMilli()).isEqualTo(lastHeard);
        }
    }

    @Test
    void aDeviceThatLeftAfterTheDeadNodeWasLastHeardOfSetsTheLastSeen() {
        var alice = signUp("Alice");
        var bob = signUp("Bob");
        directChat(alice, bob);
        long leftAt;
        try (var b = ws(bob)) {
            var a = ws(alice);
            // her other device, on a node that died (the scheduled sweep may take it from here on: Bob hears of it then)
            deviceOnADeadNode(alice.userId(), "d_dead_" + alice.userId(), System.currentTimeMillis() - 300_000);
            a.close();                                  // her other device: she stays online through the dead one
            leftAt = System.currentTimeMillis();
            awaitDisconnected(alice.userId());
            presence.heartbeatAndSweep();
            var offline = b.next("presence", e -> e.get("userId").asString().equals(alice.userId()) && !e.get("online").asBoolean()
                    && !e.get("lastSeen").isNull());
            assertThat(Instant.parse(offline.get("lastSeen").asString()).toEpochMilli()).isBetween(leftAt - 5_000, leftAt + 5_000);
        }
    }

    /** Until only the dead node's device is left for the user (the closed socket's cleanup runs on the server's thread). */
    private void awaitDisconnected(String userId) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (jdbc.sql("SELECT COUNT(*) FROM presence_devices WHERE user_id = ?").param(userId).query(Long.class).single() > 1) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("the closed socket's device is still present");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
