package app.cloak.identity;

import app.cloak.shared.Caller;
import java.time.Instant;
import java.util.Optional;

/** Turns an access token into its caller; used by the HTTP filter (which also guards the WebSocket upgrade). */
public interface Authenticator {
    Optional<Authenticated> authenticate(String accessToken);

    /** A valid token's caller and when the token stops being valid (a WebSocket opened with it closes then). */
    record Authenticated(Caller caller, Instant expiresAt) {}
}
