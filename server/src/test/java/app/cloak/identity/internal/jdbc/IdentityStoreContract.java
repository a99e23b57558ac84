package app.cloak.identity.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.identity.internal.IdentityStore;
import app.cloak.identity.internal.IdentityStore.Device;
import app.cloak.identity.internal.IdentityStore.OtpChallenge;
import app.cloak.identity.internal.IdentityStore.RefreshToken;
import app.cloak.identity.internal.IdentityStore.User;
import app.cloak.shared.Ids;
import app.cloak.testing.MutableClock;
import app.cloak.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link IdentityStore} must do, whatever the database behind it. */
public interface IdentityStoreContract {

    IdentityStore store();

    /** The database under {@link #store()}, for checks the port does not expose. */
    TestDatabase db();

    /** The clock the store was built with. */
    MutableClock clock();

    private User newUser(String name) {
        User u = new User(Ids.newId("u"), Ids.randomToken(16), "enc".getBytes(StandardCharsets.UTF_8), name, "about " + name, 1_000L);
        store().insertUser(u);
        return u;
    }

    private Device newDevice(User user, String name, long at) {
        Device d = new Device(Ids.newId("d"), user.id(), name, at, at, null);
        store().insertDevice(d);
        return d;
    }

    private RefreshToken newToken(Device device) {
        RefreshToken t = new RefreshToken(Ids.randomToken(16), device.id(), 10L, 99_999L, null);
        store().insertRefreshToken(t);
        return t;
    }

    @Test
    default void usersAreFoundByIdAndPhoneHash() {
        User alice = newUser("alice");
        User bob = newUser("bob");

        User found = store().user(alice.id()).orElseThrow();
        assertThat(found.phoneHash()).isEqualTo(alice.phoneHash());
        assertThat(found.phoneEnc()).isEqualTo(alice.phoneEnc());
        assertThat(found.displayName()).isEqualTo("alice");
        assertThat(found.about()).isEqualTo("about alice");
        assertThat(found.createdAt()).isEqualTo(1_000L);
        assertThat(store().userByPhoneHash(bob.phoneHash()).map(User::id)).contains(bob.id());
        assertThat(store().userByPhoneHash("no-such-hash")).isEmpty();
        assertThat(store().user("u_missing")).isEmpty();
    }

    @Test
    default void aPhoneHashBelongsToOneUser() {
        User alice = newUser("alice");
        User twin = new User(Ids.newId("u"), alice.phoneHash(), new byte[] {1}, "", "", 1L);
        assertThatThrownBy(() -> store().insertUser(twin)).isInstanceOf(RuntimeException.class);
        assertThat(store().user(twin.id())).isEmpty();
    }

    @Test
    default void existingAndLookupByPhoneHashesReturnOnlyRealUsers() {
        User alice = newUser("alice");
        User bob = newUser("bob");

        assertThat(store().existingUsers(List.of(alice.id(), bob.id(), "u_ghost"))).containsExactlyInAnyOrder(alice.id(), bob.id());
        assertThat(store().existingUsers(List.of())).isEmpty();
        assertThat(store().usersByPhoneHashes(List.of(alice.phoneHash(), "nobody")))
                .extracting(User::id).containsExactly(alice.id());
        assertThat(store().usersByPhoneHashes(List.of())).isEmpty();
    }

    @Test
    default void updateProfileChangesNameAndAboutOnly() {
        User alice = newUser("alice");
        store().updateProfile(alice.id(), "Alice A.", "busy");

        User after = store().user(alice.id()).orElseThrow();
        assertThat(after.displayName()).isEqualTo("Alice A.");
        assertThat(after.about()).isEqualTo("busy");
        assertThat(after.phoneHash()).isEqualTo(alice.phoneHash());
    }

    @Test
    default void devicesAreListedOldestFirstAndRevokedOnesDisappear() {
        User alice = newUser("alice");
        Device phone = newDevice(alice, "phone", 100L);
        Device laptop = newDevice(alice, "laptop", 200L);
        newDevice(newUser("bob"), "bob's", 150L);

        assertThat(store().devices(alice.id())).extracting(Device::id).containsExactly(phone.id(), laptop.id());
        assertThat(store().device(phone.id()).orElseThrow().active()).isTrue();

        assertThat(store().revokeDevice(phone.id(), 300L)).isTrue();
        assertThat(store().revokeDevice(phone.id(), 400L)).as("second revoke is a no-op").isFalse();

        Device revoked = store().device(phone.id()).orElseThrow();
        assertThat(revoked.active()).isFalse();
        assertThat(revoked.revokedAt()).isEqualTo(300L);
        assertThat(store().devices(alice.id())).extracting(Device::id).containsExactly(laptop.id());
    }

    @Test
    default void touchDeviceMovesLastActive() {
        Device d = newDevice(newUser("alice"), "phone", 100L);
        store().touchDevice(d.id(), 5_000L);
        assertThat(store().device(d.id()).orElseThrow().lastActiveAt()).isEqualTo(5_000L);
        assertThat(store().device(d.id()).orElseThrow().createdAt()).isEqualTo(100L);
    }

    @Test
    default void revokingADeviceDropsItsRefreshTokensOnly() {
        User alice = newUser("alice");
        Device phone = newDevice(alice, "phone", 1L);
        Device laptop = newDevice(alice, "laptop", 2L);
        RefreshToken a = newToken(phone);
        RefreshToken b = newToken(phone);
        RefreshToken other = newToken(laptop);

        store().revokeDevice(phone.id(), 10L);

        assertThat(store().refreshToken(a.tokenHash())).isEmpty();
        assertThat(store().refreshToken(b.tokenHash())).isEmpty();
        assertThat(store().refreshToken(other.tokenHash())).isPresent();
    }

    @Test
    default void refreshTokensRoundTripAndRotateExactlyOnce() {
        Device d = newDevice(newUser("alice"), "phone", 1L);
        RefreshToken t = newToken(d);

        RefreshToken stored = store().refreshToken(t.tokenHash()).orElseThrow();
        assertThat(stored).isEqualTo(t);
        assertThat(stored.rotatedAt()).isNull();

        assertThat(store().markRotated(t.tokenHash(), 50L)).isTrue();
        assertThat(store().markRotated(t.tokenHash(), 60L)).as("a used token cannot be used again").isFalse();
        assertThat(store().refreshToken(t.tokenHash()).orElseThrow().rotatedAt()).isEqualTo(50L);
        assertThat(store().markRotated("unknown", 70L)).isFalse();
    }

    @Test
    default void markRotatedWinsOnceUnderConcurrency() throws Exception {
        Device d = newDevice(newUser("alice"), "phone", 1L);
        RefreshToken t = newToken(d);
        int threads = 8;
        var wins = new java.util.concurrent.atomic.AtomicInteger();
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                long at = 100L + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    if (store().markRotated(t.tokenHash(), at)) wins.incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) f.get();
        }
        assertThat(wins.get()).isEqualTo(1);
    }

    @Test
    default void challengeUpsertReplacesCodeAndResetsAttempts() {
        String phoneHash = Ids.randomToken(16);
        store().putChallenge(new OtpChallenge(phoneHash, "code-1", 1_000L, 0));
        assertThat(store().takeAttempt(phoneHash, 5)).isTrue();
        assertThat(store().takeAttempt(phoneHash, 5)).isTrue();
        assertThat(store().takeAttempt(phoneHash, 5)).isTrue();
        assertThat(store().challenge(phoneHash).orElseThrow().attempts()).isEqualTo(3);

        store().putChallenge(new OtpChallenge(phoneHash, "code-2", 2_000L, 3));

        OtpChallenge fresh = store().challenge(phoneHash).orElseThrow();
        assertThat(fresh.codeHash()).isEqualTo("code-2");
        assertThat(fresh.expiresAt()).isEqualTo(2_000L);
        assertThat(fresh.attempts()).as("a new code starts with a clean slate").isZero();

        store().deleteChallenge(phoneHash);
        assertThat(store().challenge(phoneHash)).isEmpty();
        assertThat(store().takeAttempt(phoneHash, 5)).as("no tries on a missing challenge").isFalse();
        assertThat(store().challenge(phoneHash)).as("taking a try creates nothing").isEmpty();
    }

    @Test
    default void challengesAreStampedByTheStoresClock() {
        String phoneHash = Ids.randomToken(16);
        store().putChallenge(new OtpChallenge(phoneHash, "code-1", 1_000L, 0));
        assertThat(challengeCreatedAt(phoneHash)).isEqualTo(clock().millis());
        clock().advance(Duration.ofMinutes(3));
        store().putChallenge(new OtpChallenge(phoneHash, "code-2", 2_000L, 0));
        assertThat(challengeCreatedAt(phoneHash)).as("a new code is a new challenge").isEqualTo(clock().millis());
    }

    private long challengeCreatedAt(String phoneHash) {
        return db().jdbc().sql("SELECT created_at FROM otp_challenges WHERE phone_hash = ?").param(phoneHash)
                .query(Long.class).single();
    }

    @Test
    default void attemptsStopAtTheLimit() {
        String phoneHash = Ids.randomToken(16);
        store().putChallenge(new OtpChallenge(phoneHash, "code", 1_000L, 0));
        for (int i = 0; i < 5; i++) assertThat(store().takeAttempt(phoneHash, 5)).as("try " + (i + 1)).isTrue();
        assertThat(store().takeAttempt(phoneHash, 5)).isFalse();
        assertThat(store().challenge(phoneHash).orElseThrow().attempts()).isEqualTo(5);
    }

    @Test
    default void parallelTriesNeverExceedTheLimit() throws Exception {
        String phoneHash = Ids.randomToken(16);
        store().putChallenge(new OtpChallenge(phoneHash, "code", 1_000L, 0));
        var granted = new java.util.concurrent.atomic.AtomicInteger();
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    if (store().takeAttempt(phoneHash, 5)) granted.incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) f.get();
        }
        assertThat(granted.get()).isEqualTo(5);
    }

    @Test
    default void aChallengeIsConsumedOnceAndOnlyWithItsOwnCode() {
        String phoneHash = Ids.randomToken(16);
        store().putChallenge(new OtpChallenge(phoneHash, "code-1", 1_000L, 0));

        assertThat(store().consumeChallenge(phoneHash, "code-0")).as("a replaced code").isFalse();
        assertThat(store().challenge(phoneHash)).isPresent();
        assertThat(store().consumeChallenge(phoneHash, "code-1")).isTrue();
        assertThat(store().consumeChallenge(phoneHash, "code-1")).isFalse();
        assertThat(store().challenge(phoneHash)).isEmpty();
    }

    @Test
    default void blocksAreDirectionalIdempotentAndRemovable() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        User carol = newUser("carol");

        store().block(alice.id(), bob.id(), 10L);
        store().block(alice.id(), bob.id(), 20L);
        store().block(alice.id(), carol.id(), 30L);

        assertThat(store().hasBlocked(alice.id(), bob.id())).isTrue();
        assertThat(store().hasBlocked(bob.id(), alice.id())).isFalse();
        assertThat(store().blockedBy(alice.id())).containsExactly(bob.id(), carol.id());
        assertThat(store().blockedBy(bob.id())).isEmpty();

        store().unblock(alice.id(), bob.id());
        assertThat(store().hasBlocked(alice.id(), bob.id())).isFalse();
        assertThat(store().blockedBy(alice.id())).containsExactly(carol.id());
        store().unblock(alice.id(), bob.id());
    }

    /** On SQLite a block read in one transaction is kept for later ones: never past a block or unblock, nor a rollback. */
    @Test
    default void laterTransactionsSeeEveryCommittedBlockAndUnblockAndNoRolledBackOne() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        var tx = db().tx();
        tx.executeWithoutResult(s -> assertThat(store().hasBlocked(alice.id(), bob.id())).isFalse());   // read, kept
        tx.executeWithoutResult(s -> store().block(alice.id(), bob.id(), 10L));
        tx.executeWithoutResult(s -> assertThat(store().hasBlocked(alice.id(), bob.id())).isTrue());
        try {
            tx.executeWithoutResult(s -> {
                store().unblock(alice.id(), bob.id());
                assertThat(store().hasBlocked(alice.id(), bob.id())).as("its own write").isFalse();
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the block stays
        }
        tx.executeWithoutResult(s -> assertThat(store().hasBlocked(alice.id(), bob.id())).isTrue());
        store().unblock(alice.id(), bob.id());                                                         // outside any transaction
        tx.executeWithoutResult(s -> assertThat(store().hasBlocked(alice.id(), bob.id())).isFalse());
        tx.executeWithoutResult(s -> {
            store().block(bob.id(), alice.id(), 20L);
            assertThat(store().hasBlocked(bob.id(), alice.id())).isTrue();
        });
        tx.executeWithoutResult(s -> {
            assertThat(store().hasBlocked(bob.id(), alice.id())).isTrue();
            assertThat(store().hasBlocked(alice.id(), bob.id())).isFalse();
        });
    }
}
