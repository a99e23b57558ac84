package app.cloak.identity.internal;

import app.cloak.identity.Authenticator.Authenticated;
import app.cloak.platform.CloakSettings;
import app.cloak.platform.crypto.SecretFiles;
import app.cloak.shared.Caller;
import app.cloak.shared.Ids;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Short-lived HS256 access tokens naming the user ({@code sub}) and device ({@code did}). */
@Component
class AccessTokens {
    private static final String ISSUER = "cloak";
    private final byte[] secret;
    private final IdentitySettings settings;
    private final Clock clock;

    AccessTokens(IdentitySettings settings, CloakSettings cloak, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        String encoded = settings.jwtSecret();
        if (encoded == null || encoded.isBlank()) {
            encoded = SecretFiles.readOrCreate(cloak.dataDir().resolve("secrets/jwt-signing.key"),
                    () -> Base64.getEncoder().encodeToString(Ids.randomBytes(32)));
        }
        this.secret = Base64.getDecoder().decode(encoded);
        if (secret.length < 32) throw new IllegalStateException("The JWT secret must be at least 32 bytes (base64)");
    }

    String issue(String userId, String deviceId) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject(userId).claim("did", deviceId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(settings.accessTokenTtl())))
                .jwtID(Ids.randomToken(9))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    long ttlSeconds() {
        return settings.accessTokenTtl().toSeconds();
    }

    /** The caller named by a valid, unexpired token of ours, with its expiry; empty for anything else. */
    Optional<Authenticated> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) return Optional.empty();
            if (!jwt.verify(new MACVerifier(secret))) return Optional.empty();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || !exp.toInstant().isAfter(clock.instant())) return Optional.empty();
            if (!ISSUER.equals(claims.getIssuer())) return Optional.empty();
            String sub = claims.getSubject();
            String did = claims.getStringClaim("did");
            if (sub == null || did == null) return Optional.empty();
            return Optional.of(new Authenticated(new Caller(sub, did), exp.toInstant()));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
