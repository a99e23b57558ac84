package app.cloak.identity.internal;

import app.cloak.identity.Authenticator;
import app.cloak.shared.Caller;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A signature check, then a look at the device so a signed-out device is refused at once. */
@Component
class TokenAuthenticator implements Authenticator {
    private final AccessTokens tokens;
    private final IdentityService identity;

    TokenAuthenticator(AccessTokens tokens, IdentityService identity) {
        this.tokens = tokens;
        this.identity = identity;
    }

    @Override
    public Optional<Caller> authenticate(String accessToken) {
        return tokens.verify(accessToken).filter(c -> identity.deviceActive(c.deviceId(), c.userId()));
    }
}
