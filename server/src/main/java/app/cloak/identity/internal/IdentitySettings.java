package app.cloak.identity.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Accounts and tokens ({@code cloak.identity.*}).
 *
 * @param jwtSecret      {@code CLOAK_IDENTITY_JWT_SECRET}: base64, at least 32 bytes; blank = generated into
 *                       {@code <dataDir>/secrets/jwt-signing.key} (0600). Cluster nodes must share it.
 * @param accessTokenTtl access token lifetime, default 15 minutes.
 * @param refreshTokenTtl refresh token lifetime, default 60 days (each use rotates it).
 */
@ConfigurationProperties("cloak.identity")
record IdentitySettings(String jwtSecret, Duration accessTokenTtl, Duration refreshTokenTtl) {
    IdentitySettings {
        if (accessTokenTtl == null) accessTokenTtl = Duration.ofMinutes(15);
        if (refreshTokenTtl == null) refreshTokenTtl = Duration.ofDays(60);
    }
}
