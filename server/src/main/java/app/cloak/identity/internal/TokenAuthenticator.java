package app.cloak.identity.internal;

import app.cloak.identity.Authenticator;
import app.cloak.identity.Authenticator.Authenticated;
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
    public Optional<Authenticated> authenticate(String accessToken) {
        return tokens.verify(accessToken).filter(a -> identity.deviceActive(a.caller().deviceId(), a.caller().userId()));
    }
}
