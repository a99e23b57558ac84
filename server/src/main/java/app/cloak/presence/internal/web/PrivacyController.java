package app.cloak.presence.internal.web;

import app.cloak.presence.internal.PresenceService;
import app.cloak.shared.Caller;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/privacy}: for now who may see online / last seen ({@code lastSeen}). */
@RestController
@RequestMapping("/api/v1/privacy")
class PrivacyController {
    record PrivacyPatch(String lastSeen) {}

    private final PresenceService presence;

    PrivacyController(PresenceService presence) {
        this.presence = presence;
    }

    @GetMapping
    Map<String, Object> get(Caller caller) {
        return Map.of("lastSeen", presence.visibility(caller.userId()));
    }

    @PatchMapping
    Map<String, Object> patch(Caller caller, @RequestBody PrivacyPatch body) {
        if (body.lastSeen() != null) presence.setVisibility(caller.userId(), body.lastSeen());
        return get(caller);
    }
}
