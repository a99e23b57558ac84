package app.cloak.push.internal.web;

import app.cloak.push.internal.PushSubscriptions;
import app.cloak.shared.Caller;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/push")
class PushController {
    private final PushSubscriptions subscriptions;

    PushController(PushSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    record Keys(String p256dh, String auth) {}

    record Subscribe(String endpoint, Keys keys) {}

    record Unsubscribe(String endpoint) {}

    /** The VAPID application server key for {@code pushManager.subscribe({applicationServerKey})}. */
    @GetMapping("/vapid-public-key")
    Map<String, String> vapidPublicKey(Caller caller) {
        return Map.of("publicKey", subscriptions.vapidPublicKey());
    }

    /** Registers (or refreshes) this device's browser subscription; idempotent by endpoint. */
    @PostMapping("/subscriptions")
    ResponseEntity<Map<String, String>> subscribe(Caller caller, @RequestBody(required = false) Subscribe body) {
        Keys keys = body == null ? null : body.keys();
        subscriptions.subscribe(caller, body == null ? null : body.endpoint(), keys == null ? null : keys.p256dh(),
                keys == null ? null : keys.auth());
        return ResponseEntity.status(201).body(Map.of("endpoint", body.endpoint()));
    }

    /** The caller's notification choices: {@code {"previews": false}} (the default). */
    @GetMapping("/preferences")
    PushSubscriptions.Preferences preferences(Caller caller) {
        return subscriptions.preferences(caller);
    }

    /** {@code {"previews": true}}: notifications may carry the chat name and a short preview of the text. */
    @PatchMapping("/preferences")
    PushSubscriptions.Preferences updatePreferences(Caller caller, @RequestBody(required = false) Map<String, Object> body) {
        return subscriptions.updatePreferences(caller, body);
    }

    @DeleteMapping("/subscriptions")
    ResponseEntity<Void> unsubscribe(Caller caller, @RequestBody(required = false) Unsubscribe body) {
        subscriptions.unsubscribe(caller, body == null ? null : body.endpoint());
        return ResponseEntity.noContent().build();
    }
}
