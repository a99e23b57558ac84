package app.cloak.privacy.internal;

import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The user's own record of what was revealed and which policy changed, written in the same transaction. */
@Component
class AuditLog {
    static final String REVEAL = "reveal";
    static final String REVEAL_SCHEDULED = "reveal.scheduled";
    static final String REVEAL_CHANGED = "reveal.changed";
    static final String REVEAL_CANCELLED = "reveal.cancelled";
    static final String CHAT_CLOAK = "cloak.chat";
    static final String POLICY = "policy";
    static final String BRIDGE_CALL = "bridge.call";

    private final PrivacyStore store;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(PrivacyStore store, JsonMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    void record(String userId, String action, String chatId, Map<String, ?> detail) {
        store.audit(userId, clock.millis(), action, chatId, json.writeValueAsString(detail));
    }
}
