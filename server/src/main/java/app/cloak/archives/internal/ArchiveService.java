package app.cloak.archives.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The library: listing, details, "which participant is me", sharing. */
@Service
public class ArchiveService {
    private static final Set<String> SHARE_ROLES = Set.of(ArchiveReading.VIEWER, ArchiveReading.ANALYST);

    public record Summary(String archiveId, String chatId, String name, String role, String ownerId, int messages,
                          String timezone, String createdAt, String updatedAt) {}

    public record ImportView(int n, String kind, String sourceSha256, long sourceBytes, String importedAt, ImportReport report) {}

    public record Share(String userId, String role, String sharedAt) {}

    public record Participant(String authorKey, String name, int messages, boolean isMe) {}

    public record Details(String archiveId, String chatId, String name, String role, String ownerId, String timezone, String me,
                          List<Participant> participants, List<ImportView> imports, List<Share> shares, String createdAt,
                          String updatedAt) {}

    private final ArchiveStore store;
    private final ArchiveReading reading;
    private final ArchiveSealing sealing;
    private final ChatsApi chats;
    private final app.cloak.identity.IdentityApi identity;
    private final TransactionTemplate tx;
    private final Clock clock;

    ArchiveService(ArchiveStore store, ArchiveReading reading, ArchiveSealing sealing, ChatsApi chats,
                   app.cloak.identity.IdentityApi identity, TransactionTemplate tx, Clock clock) {
        this.identity = identity;
        this.store = store;
        this.reading = reading;
        this.sealing = sealing;
        this.chats = chats;
        this.tx = tx;
        this.clock = clock;
    }

    public List<Summary> list(String userId) {
        List<Summary> out = new ArrayList<>();
        for (var a : store.archivesOf(userId)) {
            String role = reading.roleOf(a, userId).orElse(ArchiveReading.VIEWER);
            int messages = reading.participants(a).stream().mapToInt(ArchiveReading.Participant::messages).sum();
            out.add(new Summary(a.archiveId(), a.chatId(), name(a, userId), role, a.ownerId(), messages, a.timezone(),
                    Times.iso(a.createdAt()), Times.iso(a.updatedAt())));
        }
        return out;
    }

    public Details details(String archiveId, String userId) {
        var a = reading.require(archiveId, userId, ArchiveReading.VIEWER);
        String role = reading.roleOf(a, userId).orElseThrow();
        List<Participant> participants = reading.participants(a).stream()
                .map(p -> new Participant(p.authorKey(), p.name(), p.messages(), p.authorKey().equals(a.meKey()))).toList();
        List<ImportView> imports = store.imports(archiveId).stream()
                .map(i -> new ImportView(i.n(), i.kind(), i.sourceSha256(), i.sourceBytes(), Times.iso(i.importedAt()),
                        sealing.open(archiveId, "report", i.report(), ImportReport.class)))
                .toList();
        List<Share> shares = role.equals(ArchiveReading.OWNER)
                ? store.members(archiveId).stream().map(m -> new Share(m.userId(), m.role(), Times.iso(m.createdAt()))).toList()
                : List.of();
        return new Details(a.archiveId(), a.chatId(), name(a, userId), role, a.ownerId(), a.timezone(), a.meKey(), participants,
                imports, shares, Times.iso(a.createdAt()), Times.iso(a.updatedAt()));
    }

    public Details setMe(String archiveId, String userId, String authorKey) {
        var a = reading.require(archiveId, userId, ArchiveReading.OWNER);
        if (authorKey != null && reading.participants(a).stream().noneMatch(p -> p.authorKey().equals(authorKey))) {
            throw ApiProblem.badRequest("unknown_participant", "authorKey must be one of the archive's participants (or null)");
        }
        tx.executeWithoutResult(s -> store.setMe(archiveId, authorKey));
        return details(archiveId, userId);
    }

    public Share share(String archiveId, String ownerId, String userId, String role) {
        var a = reading.require(archiveId, ownerId, ArchiveReading.OWNER);
        if (userId == null || userId.isBlank()) throw ApiProblem.badRequest("missing_parameter", "userId is required");
        if (role == null || !SHARE_ROLES.contains(role)) throw ApiProblem.badRequest("invalid_role", "role must be viewer or analyst");
        if (userId.equals(a.ownerId())) throw ApiProblem.badRequest("invalid_parameter", "The owner already has the archive");
        if (identity.profile(userId).isEmpty()) throw ApiProblem.notFound("User");
        long now = clock.millis();
        tx.executeWithoutResult(s -> {
            store.putMember(archiveId, userId, role, now);
            chats.addExternalReader(a.chatId(), userId);
        });
        return new Share(userId, role, Times.iso(now));
    }

    public void unshare(String archiveId, String ownerId, String userId) {
        var a = reading.require(archiveId, ownerId, ArchiveReading.OWNER);
        tx.executeWithoutResult(s -> {
            if (store.removeMember(archiveId, userId)) chats.removeExternalReader(a.chatId(), userId);
        });
    }

    private String name(ArchiveStore.ArchiveRow a, String userId) {
        return chats.chatFor(userId, a.chatId()).map(c -> c.name()).orElse("");
    }
}
