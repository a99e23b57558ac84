package app.cloak.identity.internal;

import app.cloak.identity.spi.OtpSender;
import app.cloak.platform.crypto.DataCipher;
import app.cloak.platform.crypto.KeyedHashes;
import app.cloak.platform.ratelimit.RateLimiter;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import app.cloak.shared.Fields;
import app.cloak.shared.Ids;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Phone + one-time code login, refresh-token rotation with reuse detection, logout. */
@Service
public class AuthService {
    public record Tokens(String accessToken, String refreshToken, long expiresInSeconds, String userId, String deviceId) {}

    private final IdentityStore store;
    private final OtpSender sender;
    private final OtpSettings otp;
    private final IdentitySettings settings;
    private final AccessTokens accessTokens;
    private final KeyedHashes hashes;
    private final DataCipher cipher;
    private final RateLimiter limiter;
    private final TransactionTemplate tx;
    private final DeviceSignOut signOut;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AuthService(IdentityStore store, OtpSender sender, OtpSettings otp, IdentitySettings settings, AccessTokens accessTokens,
                KeyedHashes hashes, DataCipher cipher, RateLimiter limiter, TransactionTemplate tx, DeviceSignOut signOut, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.otp = otp;
        this.settings = settings;
        this.accessTokens = accessTokens;
        this.hashes = hashes;
        this.cipher = cipher;
        this.limiter = limiter;
        this.tx = tx;
        this.signOut = signOut;
        this.clock = clock;
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    public long requestCode(String phone, String ip) {
        Fields.phone(phone);
        limiter.check(new RateLimiter.Limit("otp-ip", otp.perIpPerHour(), Duration.ofHours(1)), ip);
        limiter.check(new RateLimiter.Limit("otp-phone", otp.perPhonePerHour(), Duration.ofHours(1)), phone);
        String code = "%06d".formatted(random.nextInt(1_000_000));
        String phoneHash = phoneHash(phone);
        store.putChallenge(new IdentityStore.OtpChallenge(phoneHash, codeHash(phoneHash, code),
                clock.millis() + otp.ttl().toMillis(), 0));
        sender.send(phone, code);
        return otp.ttl().toSeconds();
    }

    /** Not one transaction: a wrong code's counted try must stick; each write is its own short transaction. */
    public Tokens verify(String phone, String code, String deviceName, String ip) {
        Fields.phone(phone);
        Fields.required(code, "code");
        String name = Fields.text(deviceName == null || deviceName.isBlank() ? "device" : deviceName.strip(), "deviceName", 64);
        limiter.check(new RateLimiter.Limit("verify-ip", otp.verifyPerIpPerHour(), Duration.ofHours(1)), ip);
        String phoneHash = phoneHash(phone);
        var challenge = store.challenge(phoneHash)
                .orElseThrow(() -> ApiProblem.unauthorized("invalid_code", "The code is wrong or was never sent"));
        long now = clock.millis();
        if (challenge.expiresAt() <= now) {
            tx.executeWithoutResult(s -> store.deleteChallenge(phoneHash));
            throw ApiProblem.unauthorized("code_expired", "The code has expired; ask for a new one");
        }
        // The try is counted before the comparison: parallel guesses cannot get past maxAttempts.
        if (!Boolean.TRUE.equals(tx.execute(s -> store.takeAttempt(phoneHash, otp.maxAttempts())))) {
            throw ApiProblem.tooMany((challenge.expiresAt() - now) / 1000);
        }
        boolean match = MessageDigest.isEqual(challenge.codeHash().getBytes(StandardCharsets.UTF_8),
                codeHash(phoneHash, code.strip()).getBytes(StandardCharsets.UTF_8));
        if (!match) {
            throw ApiProblem.unauthorized("invalid_code", "The code is wrong");
        }
        return tx.execute(status -> {
            // Single use even under parallel requests with the right code: one of them consumes it.
            if (!store.consumeChallenge(phoneHash, challenge.codeHash())) {
                throw ApiProblem.unauthorized("invalid_code", "The code was already used");
            }
            var user = store.userByPhoneHash(phoneHash).orElseGet(() -> {
                String id = Ids.newId("u");
                var created = new IdentityStore.User(id, phoneHash, cipher.encryptText(phone, "phone:" + id), "", "", now);
                store.insertUser(created);
                return created;
            });
            String deviceId = Ids.newId("d");
            store.insertDevice(new IdentityStore.Device(deviceId, user.id(), name, now, now, null));
            return issue(user.id(), deviceId, now);
        });
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    public Tokens refresh(String refreshToken) {
        Fields.required(refreshToken, "refreshToken");
        String hash = tokenHash(refreshToken);
        long now = clock.millis();
        var token = store.refreshToken(hash)
                .orElseThrow(() -> ApiProblem.unauthorized("invalid_token", "Unknown or revoked refresh token"));
        var device = store.device(token.deviceId()).filter(IdentityStore.Device::active)
                .orElseThrow(() -> ApiProblem.unauthorized("invalid_token", "This device was signed out"));
        if (token.rotatedAt() != null || !store.markRotated(hash, now)) {
            // A used token came back: someone holds a copy. Sign the whole device (token family) out.
            store.revokeDevice(device.id(), now);
            signOut.signedOut(device.userId(), device.id());
            throw ApiProblem.unauthorized("token_reused", "This refresh token was already used; the device has been signed out");
        }
        if (token.expiresAt() <= now) throw ApiProblem.unauthorized("invalid_token", "The refresh token has expired");
        store.touchDevice(device.id(), now);
        return issue(device.userId(), device.id(), now);
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    public void logout(Caller caller) {
        store.revokeDevice(caller.deviceId(), clock.millis());
        signOut.signedOut(caller.userId(), caller.deviceId());
    }

    private Tokens issue(String userId, String deviceId, long now) {
        String refresh = "rt_" + Ids.randomToken(32);
        store.insertRefreshToken(new IdentityStore.RefreshToken(tokenHash(refresh), deviceId, now,
                now + settings.refreshTokenTtl().toMillis(), null));
        return new Tokens(accessTokens.issue(userId, deviceId), refresh, accessTokens.ttlSeconds(), userId, deviceId);
    }

    String phoneHash(String phone) {
        return hashes.hex("phone", phone, 32);
    }

    private String codeHash(String phoneHash, String code) {
        return hashes.hex("otp", phoneHash + ":" + code, 32);
    }

    private String tokenHash(String token) {
        return hashes.hex("refresh-token", token, 32);
    }
}
