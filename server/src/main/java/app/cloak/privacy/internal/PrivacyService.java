package app.cloak.privacy.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.platform.persistence.TransactionLocks;
import app.cloak.privacy.CloakRules;
import app.cloak.privacy.CloakRules.ReadState;
import app.cloak.privacy.PolicyChanged;
import app.cloak.privacy.PrivacyApi;
import app.cloak.privacy.spi.RevealTarget;
import app.cloak.shared.ApiProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Policies, per-chat cloak and reveals now; every change that others could notice is audited. */
@Service
public class PrivacyService implements PrivacyApi {
    public record PolicyPatch(Boolean cloakByDefault, Boolean appearOffline, Boolean sendTyping, String lastSeen) {}

    /** What the caller's own devices show for one chat, and what others see of it. */
    public record CloakStatus(String chatId, boolean enabled, String source, long publicReadSeq, long privateReadSeq,
                              long hiddenCount, String othersSee) {}

    public record Revealed(long fromSeq, long toSeq) {}

    private final PrivacyStore store;
    private final ChatsApi chats;
    private final ObjectProvider<RevealTarget> targets;    // lazily: the targets themselves ask us about cloak
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionLocks locks;

    PrivacyService(PrivacyStore store, ChatsApi chats, ObjectProvider<RevealTarget> targets, AuditLog audit, ApplicationEventPublisher events,
                   TransactionLocks locks) {
        this.locks = locks;
        this.store = store;
        this.chats = chats;
        this.targets = targets;
        this.audit = audit;
        this.events = events;
    }

    @Override
    public Policy policy(String userId) {
        return store.policy(userId).orElse(Policy.DEFAULT);
    }

    @Override
    public boolean cloaked(String userId, String chatId) {
        return CloakRules.cloaked(policy(userId).cloakByDefault(), store.chatOverride(userId, chatId).orElse(null));
    }

    @Override
    public boolean cloakedForRead(String userId, String chatId) {
        locks.lock(policyLock(userId));
        return cloaked(userId, chatId);
    }

    private static String policyLock(String userId) {
        return "privacy:" + userId;
    }

    @Override
    public boolean mayShowTyping(String userId, String chatId) {
        Policy p = policy(userId);
        return CloakRules.mayShowTyping(p.sendTyping() && !p.appearOffline(), cloaked(userId, chatId));
    }

    @Transactional
    public Policy patch(String userId, PolicyPatch patch) {
        if (patch.lastSeen() != null && !Set.of(EVERYONE, CONTACTS, NOBODY).contains(patch.lastSeen())) {
            throw ApiProblem.badRequest("invalid_parameter", "lastSeen is one of everyone, contacts, nobody");
        }
        Policy before = policy(userId);
        Policy after = new Policy(
                patch.cloakByDefault() != null ? patch.cloakByDefault() : before.cloakByDefault(),
                patch.appearOffline() != null ? patch.appearOffline() : before.appearOffline(),
                patch.sendTyping() != null ? patch.sendTyping() : before.sendTyping(),
                patch.lastSeen() != null ? patch.lastSeen() : before.lastSeen());
        if (after.equals(before)) return before;
        locks.lock(policyLock(userId));
        store.savePolicy(userId, after);
        Map<String, Object> detail = new LinkedHashMap<>();
        if (before.cloakByDefault() != after.cloakByDefault()) detail.put("cloakByDefault", after.cloakByDefault());
        if (before.appearOffline() != after.appearOffline()) detail.put("appearOffline", after.appearOffline());
        if (before.sendTyping() != after.sendTyping()) detail.put("sendTyping", after.sendTyping());
        if (!before.lastSeen().equals(after.lastSeen())) detail.put("lastSeen", after.lastSeen());
        audit.record(userId, AuditLog.POLICY, null, detail);
        events.publishEvent(new PolicyChanged(userId, before, after));
        return after;
    }

    @Override
    @Transactional
    public void cloakNewChat(String userId, String chatId) {
        locks.lock(policyLock(userId));
        if (store.chatOverride(userId, chatId).isPresent()) return;
        store.saveChatOverride(userId, chatId, true);
        audit.record(userId, AuditLog.CHAT_CLOAK, chatId, Map.of("enabled", true, "reason", "bridged_chat"));
    }

    @Override
    @Transactional
    public void auditBridgeCall(String userId, String chatId, Map<String, ?> detail) {
        audit.record(userId, AuditLog.BRIDGE_CALL, chatId, detail);
    }

    /** Turning cloak off keeps what was read privately hidden unless {@code revealHidden}. */
    @Transactional
    public CloakStatus setChatCloak(String userId, String chatId, Boolean enabled, boolean revealHidden) {
        requireMember(userId, chatId);
        if (enabled == null) throw ApiProblem.badRequest("missing_field", "'enabled' is required");
        locks.lock(policyLock(userId));
        boolean was = cloaked(userId, chatId);
        store.saveChatOverride(userId, chatId, enabled);
        if (was != enabled) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("enabled", enabled);
            if (!enabled) {
                var target = target(chatId);
                ReadState before = target.readState(userId, chatId);
                ReadState after = target.apply(userId, chatId, CloakRules.turnOff(before, revealHidden));
                detail.put("revealedHidden", revealHidden);
                if (revealHidden) auditReveal(userId, chatId, before, after, "cloak_off");
            }
            audit.record(userId, AuditLog.CHAT_CLOAK, chatId, detail);
        }
        return status(userId, chatId);
    }

    public CloakStatus status(String userId, String chatId) {
        requireMember(userId, chatId);
        var override = store.chatOverride(userId, chatId);
        boolean enabled = CloakRules.cloaked(policy(userId).cloakByDefault(), override.orElse(null));
        var target = target(chatId);
        ReadState s = target.readState(userId, chatId);
        long hidden = target.fromOthers(userId, chatId, s.publicRead(), s.privateRead());   // your own messages are not "read"
        String othersSee = s.publicRead() == 0 ? "Others see that you have not read any message in this chat."
                : "Others see that you have read up to message " + s.publicRead() + ".";
        if (hidden > 0) othersSee += " " + hidden + (hidden == 1 ? " message" : " messages")
                + " you read privately after that stay hidden until you reveal them"
                + (enabled ? "." : " or read a newer message with cloak off (read receipts mark everything up to the message read).");
        return new CloakStatus(chatId, enabled, override.isPresent() ? "chat" : "default", s.publicRead(), s.privateRead(),
                hidden, othersSee);
    }

    /** Reveal now; {@code upToSeq} null means everything read so far. */
    @Transactional
    public Revealed revealNow(String userId, String chatId, Long upToSeq, String trigger) {
        requireMember(userId, chatId);
        var target = target(chatId);
        if (upToSeq != null && (upToSeq < 1 || upToSeq > target.lastSeq(chatId))) {
            throw ApiProblem.badRequest("invalid_seq", "upToSeq must be between 1 and the chat's last seq (" + target.lastSeq(chatId) + ")");
        }
        ReadState before = target.readState(userId, chatId);
        ReadState after = target.apply(userId, chatId, CloakRules.reveal(before, upToSeq));
        auditReveal(userId, chatId, before, after, trigger);
        return new Revealed(before.publicRead(), after.publicRead());
    }

    /** A reveal is audited when the public watermark actually moved. */
    private void auditReveal(String userId, String chatId, ReadState before, ReadState after, String trigger) {
        if (after.publicRead() <= before.publicRead()) return;
        audit.record(userId, AuditLog.REVEAL, chatId, Map.of("fromSeq", before.publicRead(), "toSeq", after.publicRead(),
                "trigger", trigger));
    }

    boolean member(String userId, String chatId) {
        return chatId != null && chats.isMember(chatId, userId);
    }

    void requireMember(String userId, String chatId) {
        if (chatId == null || !chats.isMember(chatId, userId)) throw ApiProblem.notFound("Chat");
    }

    RevealTarget target(String chatId) {
        return targets.orderedStream().filter(t -> t.handles(chatId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No reveal target for this chat"));
    }
}
