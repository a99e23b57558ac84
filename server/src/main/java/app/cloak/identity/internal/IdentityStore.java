package app.cloak.identity.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Storage port for accounts, devices, tokens, codes and blocks. */
public interface IdentityStore {
    record User(String id, String phoneHash, byte[] phoneEnc, String displayName, String about, long createdAt) {}
    record Device(String id, String userId, String name, long createdAt, long lastActiveAt, Long revokedAt) {
        public boolean active() { return revokedAt == null; }
    }
    record RefreshToken(String tokenHash, String deviceId, long issuedAt, long expiresAt, Long rotatedAt) {}
    record OtpChallenge(String phoneHash, String codeHash, long expiresAt, int attempts) {}

    Optional<User> userByPhoneHash(String phoneHash);
    Optional<User> user(String id);
    Set<String> existingUsers(Collection<String> ids);
    void insertUser(User user);
    void updateProfile(String userId, String displayName, String about);
    List<User> usersByPhoneHashes(Collection<String> phoneHashes);

    void insertDevice(Device device);
    Optional<Device> device(String id);
    List<Device> devices(String userId);
    /** Marks the device revoked and drops its refresh tokens; true if it was active. */
    boolean revokeDevice(String deviceId, long at);
    void touchDevice(String deviceId, long at);

    void insertRefreshToken(RefreshToken token);
    Optional<RefreshToken> refreshToken(String tokenHash);
    /** Marks the token used; false if it was already used (a reuse). */
    boolean markRotated(String tokenHash, long at);

    void putChallenge(OtpChallenge challenge);
    Optional<OtpChallenge> challenge(String phoneHash);
    /**
     * Takes one of the code's {@code maxAttempts} tries, atomically, before the code is compared, so
     * parallel guesses cannot outrun the count; false when none are left (or the code is gone).
     */
    boolean takeAttempt(String phoneHash, int maxAttempts);
    /** Deletes the challenge if it still holds {@code codeHash}; true only for the one caller that consumed it. */
    boolean consumeChallenge(String phoneHash, String codeHash);
    void deleteChallenge(String phoneHash);

    void block(String blocker, String blocked, long at);
    void unblock(String blocker, String blocked);
    boolean hasBlocked(String blocker, String blocked);
    List<String> blockedBy(String blocker);
}
