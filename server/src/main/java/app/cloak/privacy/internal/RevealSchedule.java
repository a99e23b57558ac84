package app.cloak.privacy.internal;

import app.cloak.platform.jobs.ClusterJobs;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Ids;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scheduled reveals: at a time, after a delay, or every day at an hour. They live in the database (so
 * they survive a restart) and are fired by a cluster-once job; each firing moves the reveal out of
 * {@code scheduled} with a conditional update in the same transaction as the reveal, so it happens
 * exactly once even if two nodes look at once. A reveal never fires before its time.
 */
@Service
public class RevealSchedule {
    public record When(Long upToSeq, String at, Long afterSeconds, Integer dailyHour, String timeZone) {}

    private static final Logger log = LoggerFactory.getLogger(RevealSchedule.class);
    private final PrivacyStore store;
    private final PrivacyService privacy;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    RevealSchedule(PrivacyStore store, PrivacyService privacy, AuditLog audit, Clock clock, PlatformTransactionManager transactions,
                   ClusterJobs jobs, PrivacySettings settings) {
        this.store = store;
        this.privacy = privacy;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        jobs.every("privacy.reveals", settings.revealCheck(), this::fireDue);
    }

    @Transactional
    public PrivacyStore.Reveal schedule(String userId, String chatId, When when) {
        privacy.requireMember(userId, chatId);
        checkSeq(chatId, when.upToSeq());
        var timing = timing(when);
        var reveal = new PrivacyStore.Reveal(Ids.newId("r"), userId, chatId, when.upToSeq(), timing.fireAt(), timing.dailyHour(),
                timing.timeZone(), "scheduled", clock.millis());
        store.insertReveal(reveal);
        audit.record(userId, AuditLog.REVEAL_SCHEDULED, chatId, describe(reveal));
        return reveal;
    }

    public List<PrivacyStore.Reveal> pending(String userId) {
        return store.pendingReveals(userId);
    }

    @Transactional
    public PrivacyStore.Reveal change(String userId, String revealId, When when) {
        var reveal = mine(userId, revealId);
        checkSeq(reveal.chatId(), when.upToSeq());
        boolean newTime = when.at() != null || when.afterSeconds() != null || when.dailyHour() != null;
        var timing = newTime ? timing(when) : new Timing(reveal.fireAt(), reveal.dailyHour(), reveal.timeZone());
        Long upTo = when.upToSeq() != null ? when.upToSeq() : reveal.upToSeq();
        if (!store.reschedule(revealId, upTo, timing.fireAt(), timing.dailyHour(), timing.timeZone())) throw gone();
        var changed = store.reveal(revealId).orElseThrow();
        audit.record(userId, AuditLog.REVEAL_CHANGED, changed.chatId(), describe(changed));
        return changed;
    }

    @Transactional
    public void cancel(String userId, String revealId) {
        var reveal = mine(userId, revealId);
        if (!store.transition(revealId, "cancelled", clock.millis())) throw gone();
        audit.record(userId, AuditLog.REVEAL_CANCELLED, reveal.chatId(), Map.of("revealId", revealId));
    }

    /** The job: fire every reveal that is due, each in its own transaction. Returns how many fired. */
    public int fireDue() {
        int fired = 0;
        for (var reveal : store.due(clock.millis(), 200)) {
            try {
                Boolean done = tx.execute(s -> fire(reveal));
                if (Boolean.TRUE.equals(done)) fired++;
            } catch (RuntimeException e) {
                log.warn("Scheduled reveal {} failed; it stays scheduled", reveal.id(), e);
            }
        }
        return fired;
    }

    private boolean fire(PrivacyStore.Reveal r) {
        long now = clock.millis();
        if (r.fireAt() > now) return false;
        boolean claimed = r.dailyHour() != null
                ? store.reschedule(r.id(), r.upToSeq(), nextDaily(r.dailyHour(), ZoneId.of(r.timeZone()), now), r.dailyHour(), r.timeZone())
                : store.transition(r.id(), "done", now);
        if (!claimed) return false;              // cancelled, changed or fired by another node meanwhile
        if (!privacy.member(r.userId(), r.chatId())) {
            // The user left the chat: nothing to reveal any more, and a daily reveal ends here.
            if (r.dailyHour() != null) store.transition(r.id(), "cancelled", now);
            return true;
        }
        Long upTo = r.upToSeq() == null ? null : Math.min(r.upToSeq(), privacy.target(r.chatId()).lastSeq(r.chatId()));
        privacy.revealNow(r.userId(), r.chatId(), upTo, "scheduled");
        return true;
    }

    private record Timing(long fireAt, Integer dailyHour, String timeZone) {}

    private Timing timing(When w) {
        long now = clock.millis();
        int given = (w.at() != null ? 1 : 0) + (w.afterSeconds() != null ? 1 : 0) + (w.dailyHour() != null ? 1 : 0);
        if (given != 1) throw ApiProblem.badRequest("invalid_schedule", "Give exactly one of 'at', 'afterSeconds' or 'dailyHour'");
        if (w.at() != null) {
            long at;
            try {
                at = Instant.parse(w.at()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("invalid_schedule", "'at' is an ISO-8601 instant such as 2026-12-01T18:00:00Z");
            }
            if (at <= now) throw ApiProblem.badRequest("invalid_schedule", "'at' must be in the future");
            return new Timing(at, null, null);
        }
        if (w.afterSeconds() != null) {
            if (w.afterSeconds() < 1 || w.afterSeconds() > 366L * 24 * 3600) {
                throw ApiProblem.badRequest("invalid_schedule", "'afterSeconds' is 1 to 31622400");
            }
            return new Timing(now + w.afterSeconds() * 1000, null, null);
        }
        if (w.dailyHour() < 0 || w.dailyHour() > 23) throw ApiProblem.badRequest("invalid_schedule", "'dailyHour' is 0 to 23");
        ZoneId zone;
        try {
            zone = ZoneId.of(w.timeZone() == null ? "UTC" : w.timeZone());
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("invalid_schedule", "'timeZone' is an IANA zone such as Europe/Berlin");
        }
        return new Timing(nextDaily(w.dailyHour(), zone, now), w.dailyHour(), zone.getId());
    }

    /** The next moment strictly after {@code now} when the wall clock in {@code zone} shows {@code hour}:00. */
    static long nextDaily(int hour, ZoneId zone, long now) {
        ZonedDateTime current = Instant.ofEpochMilli(now).atZone(zone);
        ZonedDateTime candidate = current.toLocalDate().atTime(hour, 0).atZone(zone);
        while (!candidate.toInstant().isAfter(current.toInstant())) {
            candidate = candidate.toLocalDate().plusDays(1).atTime(hour, 0).atZone(zone);
        }
        return candidate.toInstant().toEpochMilli();
    }

    private void checkSeq(String chatId, Long upToSeq) {
        long last = privacy.target(chatId).lastSeq(chatId);
        if (upToSeq != null && (upToSeq < 1 || upToSeq > last)) {
            throw ApiProblem.badRequest("invalid_seq", "upToSeq must be between 1 and the chat's last seq (" + last + ")");
        }
    }

    private PrivacyStore.Reveal mine(String userId, String revealId) {
        return store.reveal(revealId).filter(r -> r.userId().equals(userId)).orElseThrow(() -> ApiProblem.notFound("Reveal"));
    }

    private static ApiProblem gone() {
        return ApiProblem.conflict("reveal_not_pending", "This reveal has already fired or was cancelled");
    }

    private static Map<String, Object> describe(PrivacyStore.Reveal r) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("revealId", r.id());
        m.put("upToSeq", r.upToSeq());
        m.put("fireAt", Instant.ofEpochMilli(r.fireAt()).toString());
        if (r.dailyHour() != null) {
            m.put("dailyHour", r.dailyHour());
            m.put("timeZone", r.timeZone());
        }
        return m;
    }
}
