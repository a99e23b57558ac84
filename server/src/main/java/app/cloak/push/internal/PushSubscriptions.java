package app.cloak.push.internal;

import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registering and removing browser push subscriptions. */
@Service
public class PushSubscriptions {
    static final int MAX_ENDPOINT = 2048;

    private final PushStore store;
    private final Vapid vapid;
    private final PushSettings settings;
    private final Clock clock;

    PushSubscriptions(PushStore store, Vapid vapid, PushSettings settings, Clock clock) {
        this.store = store;
        this.vapid = vapid;
        this.settings = settings;
        this.clock = clock;
    }

    public String vapidPublicKey() {
        return vapid.publicKey();
    }

    /**
     * The endpoint must be an absolute https URL (http too when {@code cloak.push.allow-insecure-endpoints}), p256dh
     * a P-256 point and auth 16 bytes, both base64url; otherwise 400 and nothing changes.
     */
    @Transactional
    public void subscribe(Caller caller, String endpoint, String p256dh, String auth) {
        String checked = endpoint(endpoint);
        if (p256dh == null || auth == null) throw ApiProblem.badRequest("invalid_subscription", "keys.p256dh and keys.auth are required");
        byte[] point;
        byte[] secret;
        try {
            point = EcKeys.base64Url(p256dh);
            secret = EcKeys.base64Url(auth);
            EcKeys.publicKey(point);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw ApiProblem.badRequest("invalid_subscription", "keys.p256dh must be a base64url P-256 public key");
        }
        if (secret.length != 16) throw ApiProblem.badRequest("invalid_subscription", "keys.auth must be 16 bytes, base64url");
        store.put(caller.userId(), caller.deviceId(), checked, point, secret, clock.millis());
    }

    /** The caller's notification choices. */
    public record Preferences(boolean previews) {}

    public Preferences preferences(Caller caller) {
        return new Preferences(store.previews(caller.userId()));
    }

    /** Sets what is given ({@code previews} must be a boolean when present; otherwise 400 and nothing changes). */
    @Transactional
    public Preferences updatePreferences(Caller caller, java.util.Map<String, Object> patch) {
        if (patch == null) throw ApiProblem.badRequest("invalid_preferences", "a JSON object is required");
        for (var e : patch.entrySet()) {
            if (!e.getKey().equals("previews")) throw ApiProblem.badRequest("invalid_preferences", "unknown field " + e.getKey());
            if (!(e.getValue() instanceof Boolean)) throw ApiProblem.badRequest("invalid_preferences", "previews must be true or false");
        }
        if (patch.get("previews") instanceof Boolean previews) store.setPreviews(caller.userId(), previews);
        return preferences(caller);
    }

    @Transactional
    public void unsubscribe(Caller caller, String endpoint) {
        if (endpoint == null || endpoint.isBlank()) throw ApiProblem.badRequest("invalid_subscription", "endpoint is required");
        store.remove(caller.userId(), endpoint);
    }

    private String endpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank() || endpoint.length() > MAX_ENDPOINT) {
            throw ApiProblem.badRequest("invalid_subscription", "endpoint is required (an https URL of at most 2048 characters)");
        }
        try {
            URI uri = new URI(endpoint);
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) && settings.allowInsecureEndpoints();
            if (!(https || http) || uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
                throw ApiProblem.badRequest("invalid_subscription", "endpoint must be an https URL");
            }
            return endpoint;
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest("invalid_subscription", "endpoint must be an https URL");
        }
    }
}
