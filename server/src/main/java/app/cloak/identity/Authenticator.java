package app.cloak.identity;

import app.cloak.shared.Caller;
import java.util.Optional;

/** Turns an access token into its caller; used by the HTTP filter (which also guards the WebSocket upgrade). */
public interface Authenticator {
    Optional<Caller> authenticate(String accessToken);
}
