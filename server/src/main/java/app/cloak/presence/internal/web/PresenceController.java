package app.cloak.presence.internal.web;

import app.cloak.presence.PresenceApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/presence?userIds=a,b}: what the caller may see of these users right now. */
@RestController
@RequestMapping("/api/v1/presence")
class PresenceController {
    record PresenceList(List<PresenceApi.Presence> presence) {}

    private final PresenceApi presence;

    PresenceController(PresenceApi presence) {
        this.presence = presence;
    }

    @GetMapping
    PresenceList presence(Caller caller, @RequestParam String userIds) {
        List<String> ids = Arrays.stream(userIds.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.isEmpty() || ids.size() > 200) throw ApiProblem.badRequest("invalid_parameter", "userIds lists 1 to 200 user ids");
        return new PresenceList(presence.seenBy(caller.userId(), ids));
    }
}
