package app.cloak.archives.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The reader's tables. Sealed values are encrypted by the caller; the store keeps bytes. */
public interface ArchiveStore {
    record ArchiveRow(String archiveId, String chatId, String ownerId, String timezone, String meKey, byte[] participants,
                      long createdAt, long updatedAt) {}

    record ImportRow(String archiveId, int n, String kind, String sourceSha256, byte[] sourceName, long sourceBytes,
                     String dateOrder, String timezone, int messages, int inserted, int duplicates, int mediaStored,
                     byte[] report, long importedAt) {}

    /** One message as the reader orders it: local wall-clock seconds, then the upload and line it came from. */
    record MessageRow(String messageId, long localTime, int importN, int line, String authorKey, String kind, boolean edited) {}

    record Member(String userId, String role, long createdAt) {}

    void insert(ArchiveRow archive);
    Optional<ArchiveRow> archive(String archiveId);
    /** Archives the user owns or that are shared with them, newest first. */
    List<ArchiveRow> archivesOf(String userId);
    void updateParticipants(String archiveId, byte[] participants, long updatedAt);
    void setMe(String archiveId, String meKey);
    void setTimezone(String archiveId, String timezone);

    /** Inserts or changes a member's role. */
    void putMember(String archiveId, String userId, String role, long at);
    boolean removeMember(String archiveId, String userId);
    Optional<String> role(String archiveId, String userId);
    List<Member> members(String archiveId);

    void insertImport(ImportRow row);
    List<ImportRow> imports(String archiveId);
    int nextImportN(String archiveId);

    void insertMessages(String archiveId, Collection<MessageRow> rows);
    /** Every message of the archive in reading order: (localTime, importN, line). */
    List<MessageRow> messages(String archiveId);
    void deleteMessages(String archiveId);

    void putAnalytics(String archiveId, byte[] body, long at);
    Optional<byte[]> analytics(String archiveId);
}
