package app.cloak.archives.internal;

import app.cloak.archives.internal.analytics.ArchiveAnalytics;
import app.cloak.messaging.Message;
import app.cloak.messaging.MessagingApi;
import app.cloak.shared.ApiProblem;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/** Who may do what with an archive, and its content in reading order for analytics and export. */
@Service
public class ArchiveReading {
    public static final String OWNER = "owner";
    public static final String VIEWER = "viewer";
    public static final String ANALYST = "analyst";
    private static final int CHUNK = 1000;

    public record Participant(String authorKey, String name, int messages) {}

    private final ArchiveStore store;
    private final ArchiveSealing sealing;
    private final MessagingApi messaging;
    private final TransactionTemplate tx;
    private final Clock clock;

    ArchiveReading(ArchiveStore store, ArchiveSealing sealing, MessagingApi messaging, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.sealing = sealing;
        this.messaging = messaging;
        this.tx = tx;
        this.clock = clock;
    }

    public Optional<String> roleOf(ArchiveStore.ArchiveRow archive, String userId) {
        if (archive.ownerId().equals(userId)) return Optional.of(OWNER);
        return store.role(archive.archiveId(), userId);
    }

    /**
     * The archive if {@code userId} may see it (404 otherwise, whether or not it exists); 403 {@code forbidden_role}
     * when their role is below {@code needed} (viewer < analyst < owner).
     */
    public ArchiveStore.ArchiveRow require(String archiveId, String userId, String needed) {
        var archive = archiveId == null ? Optional.<ArchiveStore.ArchiveRow>empty() : store.archive(archiveId);
        var role = archive.flatMap(a -> roleOf(a, userId));
        if (role.isEmpty()) throw ApiProblem.notFound("Archive");
        if (rank(role.get()) < rank(needed)) {
            throw ApiProblem.forbidden("forbidden_role", "This needs the " + needed + " role on the archive (you are " + role.get() + ")");
        }
        return archive.get();
    }

    private static int rank(String role) {
        return switch (role) {
            case OWNER -> 3;
            case ANALYST -> 2;
            default -> 1;
        };
    }

    public List<Participant> participants(ArchiveStore.ArchiveRow archive) {
        return sealing.open(archive.archiveId(), "participants", archive.participants(), new TypeReference<List<Participant>>() {});
    }

    public ArchiveAnalytics.Result analytics(ArchiveStore.ArchiveRow archive) {
        byte[] body = store.analytics(archive.archiveId()).orElseThrow(() -> ApiProblem.notFound("Analytics"));
        return sealing.open(archive.archiveId(), "analytics", body, ArchiveAnalytics.Result.class);
    }

    /** Recomputes participants and analytics from the stored archive (after a merge or re-import). */
    public void recomputeAnalytics(String archiveId) {
        var archive = store.archive(archiveId).orElseThrow();
        List<TranscriptLine> lines = new ArrayList<>();
        transcript(archive, lines::add);
        var participants = participants(lines);
        var analytics = ArchiveAnalytics.compute(lines);
        long now = clock.millis();
        tx.executeWithoutResult(s -> {
            store.updateParticipants(archiveId, sealing.seal(archiveId, "participants", participants), now);
            store.putAnalytics(archiveId, sealing.seal(archiveId, "analytics", analytics), now);
        });
    }

    /** Every message of the archive in reading order (chunks of {@value #CHUNK} decrypted at a time). */
    public void transcript(ArchiveStore.ArchiveRow archive, Consumer<TranscriptLine> sink) {
        List<ArchiveStore.MessageRow> rows = store.messages(archive.archiveId());
        for (int i = 0; i < rows.size(); i += CHUNK) {
            var chunk = rows.subList(i, Math.min(rows.size(), i + CHUNK));
            Map<String, Message> byId = new HashMap<>();
            for (Message m : messaging.visibleTo(archive.ownerId(), chunk.stream().map(ArchiveStore.MessageRow::messageId).toList())) {
                byId.put(m.messageId(), m);
            }
            for (var r : chunk) {
                Message m = byId.get(r.messageId());
                if (m == null) continue;
                sink.accept(new TranscriptLine(r.messageId(), m.seq(), LocalDateTime.ofEpochSecond(r.localTime(), 0, ZoneOffset.UTC),
                        r.authorKey(), r.authorKey() == null ? null : m.senderName(), r.kind(), m.text() == null ? "" : m.text(),
                        r.edited(), m.media() == null ? null : m.media().mime()));
            }
        }
    }

    static List<Participant> participants(List<TranscriptLine> lines) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (TranscriptLine l : lines) {
            if (l.authorKey() == null) continue;
            names.put(l.authorKey(), l.authorName());
            if (l.authored()) counts.merge(l.authorKey(), 1, Integer::sum);
        }
        List<Participant> out = new ArrayList<>();
        names.forEach((k, n) -> out.add(new Participant(k, n, counts.getOrDefault(k, 0))));
        out.sort(Comparator.comparingInt(Participant::messages).reversed().thenComparing(Participant::authorKey));
        return out;
    }
}
