package app.cloak.privacy.internal;

import app.cloak.privacy.PrivacyApi.Policy;
import java.util.List;
import java.util.Optional;

/** Storage port for policies, per-chat overrides, scheduled reveals and the audit log. */
public interface PrivacyStore {
    record Reveal(String id, String userId, String chatId, Long upToSeq, long fireAt, Integer dailyHour, String timeZone,
                  String status, long createdAt) {}

    record AuditEntry(long at, String action, String chatId, String detailJson) {}

    Optional<Policy> policy(String userId);

    void savePolicy(String userId, Policy policy);

    Optional<Boolean> chatOverride(String userId, String chatId);

    void saveChatOverride(String userId, String chatId, boolean enabled);

    void insertReveal(Reveal reveal);

    Optional<Reveal> reveal(String id);

    List<Reveal> pendingReveals(String userId);

    /** Scheduled reveals due at {@code now}, oldest first. */
    List<Reveal> due(long now, int limit);

    /** Moves a reveal from {@code scheduled} to {@code status}; false if another node or request got there first. */
    boolean transition(String id, String status, long at);

    /** Changes a still-scheduled reveal; false if it is no longer scheduled. */
    boolean reschedule(String id, Long upToSeq, long fireAt, Integer dailyHour, String timeZone);

    void audit(String userId, long at, String action, String chatId, String detailJson);

    List<AuditEntry> audit(String userId, int limit);
}
