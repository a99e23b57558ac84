package app.cloak.privacy.internal.web;

import app.cloak.privacy.PrivacyApi;
import app.cloak.privacy.internal.PrivacyService;
import app.cloak.privacy.internal.PrivacyStore;
import app.cloak.privacy.internal.RevealSchedule;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Private reading over HTTP (API.md "Private reading"). */
@RestController
@RequestMapping("/api/v1")
class PrivacyController {
    record CloakBody(Boolean enabled, Boolean revealHidden) {}
    record RevealBody(Long upToSeq, String at, Long afterSeconds, Integer dailyHour, String timeZone) {}

    private final PrivacyService privacy;
    private final RevealSchedule schedule;
    private final PrivacyStore store;
    private final JsonMapper json;

    PrivacyController(PrivacyService privacy, RevealSchedule schedule, PrivacyStore store, JsonMapper json) {
        this.privacy = privacy;
        this.schedule = schedule;
        this.store = store;
        this.json = json;
    }

    @GetMapping("/privacy")
    PrivacyApi.Policy policy(Caller caller) {
        return privacy.policy(caller.userId());
    }

    @PatchMapping("/privacy")
    PrivacyApi.Policy patch(Caller caller, @RequestBody PrivacyService.PolicyPatch body) {
        return privacy.patch(caller.userId(), body);
    }

    @GetMapping("/chats/{chatId}/cloak")
    PrivacyService.CloakStatus cloak(Caller caller, @PathVariable String chatId) {
        return privacy.status(caller.userId(), chatId);
    }

    @PutMapping("/chats/{chatId}/cloak")
    PrivacyService.CloakStatus setCloak(Caller caller, @PathVariable String chatId, @RequestBody CloakBody body) {
        return privacy.setChatCloak(caller.userId(), chatId, body.enabled(), Boolean.TRUE.equals(body.revealHidden()));
    }

    @PostMapping("/chats/{chatId}/reveal")
    Map<String, Object> reveal(Caller caller, @PathVariable String chatId, @RequestBody(required = false) RevealBody body) {
        RevealBody b = body == null ? new RevealBody(null, null, null, null, null) : body;
        Map<String, Object> out = new LinkedHashMap<>();
        if (b.at() == null && b.afterSeconds() == null && b.dailyHour() == null) {
            if (b.timeZone() != null) throw ApiProblem.badRequest("invalid_schedule", "'timeZone' goes with 'dailyHour'");
            var done = privacy.revealNow(caller.userId(), chatId, b.upToSeq(), "manual");
            out.put("revealId", null);
            out.put("status", "done");
            out.put("fromSeq", done.fromSeq());
            out.put("toSeq", done.toSeq());
            return out;
        }
        var scheduled = schedule.schedule(caller.userId(), chatId,
                new RevealSchedule.When(b.upToSeq(), b.at(), b.afterSeconds(), b.dailyHour(), b.timeZone()));
        out.putAll(view(scheduled));
        out.put("status", "scheduled");
        return out;
    }

    @GetMapping("/reveals")
    Map<String, Object> reveals(Caller caller) {
        return Map.of("reveals", schedule.pending(caller.userId()).stream().map(PrivacyController::view).toList());
    }

    @PatchMapping("/reveals/{revealId}")
    Map<String, Object> change(Caller caller, @PathVariable String revealId, @RequestBody RevealBody b) {
        return view(schedule.change(caller.userId(), revealId,
                new RevealSchedule.When(b.upToSeq(), b.at(), b.afterSeconds(), b.dailyHour(), b.timeZone())));
    }

    @DeleteMapping("/reveals/{revealId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cancel(Caller caller, @PathVariable String revealId) {
        schedule.cancel(caller.userId(), revealId);
    }

    /** The audit log, newest first; {@code format=csv} for a spreadsheet, JSON otherwise. */
    @GetMapping("/audit")
    ResponseEntity<?> audit(Caller caller, @RequestParam(defaultValue = "json") String format,
                            @RequestParam(defaultValue = "500") int limit) {
        if (limit < 1 || limit > 10_000) throw ApiProblem.badRequest("invalid_parameter", "limit is 1 to 10000");
        List<PrivacyStore.AuditEntry> entries = store.audit(caller.userId(), limit);
        if ("csv".equals(format)) {
            StringBuilder csv = new StringBuilder("at,action,chatId,detail\r\n");
            for (var e : entries) {
                csv.append(Instant.ofEpochMilli(e.at())).append(',').append(e.action()).append(',')
                        .append(e.chatId() == null ? "" : e.chatId()).append(',').append(csvField(e.detailJson())).append("\r\n");
            }
            return ResponseEntity.ok().contentType(new MediaType("text", "csv"))
                    .header("Content-Disposition", "attachment; filename=\"cloak-audit.csv\"").body(csv.toString());
        }
        if (!"json".equals(format)) throw ApiProblem.badRequest("invalid_parameter", "format is json or csv");
        return ResponseEntity.ok(Map.of("entries", entries.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", Instant.ofEpochMilli(e.at()).toString());
            m.put("action", e.action());
            m.put("chatId", e.chatId());
            m.put("detail", json.readTree(e.detailJson()));
            return m;
        }).toList()));
    }

    private static Map<String, Object> view(PrivacyStore.Reveal r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revealId", r.id());
        m.put("chatId", r.chatId());
        m.put("upToSeq", r.upToSeq());
        m.put("fireAt", Instant.ofEpochMilli(r.fireAt()).toString());
        m.put("dailyHour", r.dailyHour());
        m.put("timeZone", r.timeZone());
        return m;
    }

    private static String csvField(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
