package app.cloak.archives.internal.jdbc;

import app.cloak.archives.internal.ArchiveStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The same SQL on SQLite and PostgreSQL; message rows go in as JDBC batches (an import is tens of thousands). */
@Repository
public class JdbcArchiveStore implements ArchiveStore {
    private static final String ARCHIVE = "archive_id, chat_id, owner_id, timezone, me_key, participants, created_at, updated_at";
    private static final String IMPORT = "archive_id, n, kind, source_sha256, source_name, source_bytes, date_order, timezone, "
            + "messages, inserted, duplicates, media_stored, report, imported_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public JdbcArchiveStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    @Override
    public void insert(ArchiveRow a) {
        jdbc.sql("INSERT INTO archives (" + ARCHIVE + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(a.archiveId(), a.chatId(), a.ownerId(), a.timezone(), a.meKey(), a.participants(), a.createdAt(), a.updatedAt())
                .update();
    }

    @Override
    public Optional<ArchiveRow> archive(String archiveId) {
        return jdbc.sql("SELECT " + ARCHIVE + " FROM archives WHERE archive_id = ?").param(archiveId)
                .query(JdbcArchiveStore::archiveRow).optional();
    }

    @Override
    public List<ArchiveRow> archivesOf(String userId) {
        return jdbc.sql("SELECT " + ARCHIVE + " FROM archives WHERE owner_id = :u OR archive_id IN "
                        + "(SELECT archive_id FROM archive_members WHERE user_id = :u) ORDER BY created_at DESC, archive_id")
                .param("u", userId).query(JdbcArchiveStore::archiveRow).list();
    }

    @Override
    public void updateParticipants(String archiveId, byte[] participants, long updatedAt) {
        jdbc.sql("UPDATE archives SET participants = ?, updated_at = ? WHERE archive_id = ?").params(participants, updatedAt, archiveId).update();
    }

    @Override
    public void setMe(String archiveId, String meKey) {
        jdbc.sql("UPDATE archives SET me_key = ? WHERE archive_id = ?").params(meKey, archiveId).update();
    }

    @Override
    public void setTimezone(String archiveId, String timezone) {
        jdbc.sql("UPDATE archives SET timezone = ? WHERE archive_id = ?").params(timezone, archiveId).update();
    }

    @Override
    public void putMember(String archiveId, String userId, String role, long at) {
        jdbc.sql("""
                INSERT INTO archive_members (archive_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (archive_id, user_id) DO UPDATE SET role = excluded.role""")
                .params(archiveId, userId, role, at).update();
    }

    @Override
    public boolean removeMember(String archiveId, String userId) {
        return jdbc.sql("DELETE FROM archive_members WHERE archive_id = ? AND user_id = ?").params(archiveId, userId).update() > 0;
    }

    @Override
    public Optional<String> role(String archiveId, String userId) {
        return jdbc.sql("SELECT role FROM archive_members WHERE archive_id = ? AND user_id = ?").params(archiveId, userId)
                .query(String.class).optional();
    }

    @Override
    public List<Member> members(String archiveId) {
        return jdbc.sql("SELECT user_id, role, created_at FROM archive_members WHERE archive_id = ? ORDER BY created_at, user_id")
                .param(archiveId).query((rs, n) -> new Member(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    @Override
    public void insertImport(ImportRow r) {
        jdbc.sql("INSERT INTO archive_imports (" + IMPORT + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.archiveId(), r.n(), r.kind(), r.sourceSha256(), r.sourceName(), r.sourceBytes(), r.dateOrder(), r.timezone(),
                        r.messages(), r.inserted(), r.duplicates(), r.mediaStored(), r.report(), r.importedAt())
                .update();
    }

    @Override
    public List<ImportRow> imports(String archiveId) {
        return jdbc.sql("SELECT " + IMPORT + " FROM archive_imports WHERE archive_id = ? ORDER BY n").param(archiveId)
                .query((rs, i) -> new ImportRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12),
                        rs.getBytes(13), rs.getLong(14)))
                .list();
    }

    @Override
    public int nextImportN(String archiveId) {
        return jdbc.sql("SELECT COALESCE(MAX(n), 0) + 1 FROM archive_imports WHERE archive_id = ?").param(archiveId)
                .query(Integer.class).single();
    }

    /** Rows per multi-row INSERT: 8 columns × 500 stays far below SQLite's and PostgreSQL's parameter limits. */
    private static final int ROWS = 500;

    @Override
    public void insertMessages(String archiveId, Collection<MessageRow> rows) {
        List<MessageRow> all = List.copyOf(rows);
        String row = "(?, ?, ?, ?, ?, ?, ?, ?)";
        for (int i = 0; i < all.size(); i += ROWS) {
            List<MessageRow> chunk = all.subList(i, Math.min(all.size(), i + ROWS));
            // Typed setters, not Spring's per-value type guessing: an import writes tens of thousands of rows.
            template.update("INSERT INTO archive_messages (archive_id, message_id, local_time, import_n, line, author_key, kind, edited) VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), row))
                    + " ON CONFLICT (archive_id, message_id) DO NOTHING", ps -> {
                int k = 1;
                for (MessageRow m : chunk) {
                    ps.setString(k++, archiveId);
                    ps.setString(k++, m.messageId());
                    ps.setLong(k++, m.localTime());
                    ps.setInt(k++, m.importN());
                    ps.setInt(k++, m.line());
                    if (m.authorKey() == null) ps.setNull(k++, java.sql.Types.VARCHAR);
                    else ps.setString(k++, m.authorKey());
                    ps.setString(k++, m.kind());
                    ps.setInt(k++, m.edited() ? 1 : 0);
                }
            });
        }
    }

    @Override
    public List<MessageRow> messages(String archiveId) {
        return jdbc.sql("SELECT message_id, local_time, import_n, line, author_key, kind, edited FROM archive_messages "
                        + "WHERE archive_id = ? ORDER BY local_time, import_n, line")
                .param(archiveId)
                .query((rs, n) -> new MessageRow(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7) != 0))
                .list();
    }

    @Override
    public void deleteMessages(String archiveId) {
        jdbc.sql("DELETE FROM archive_messages WHERE archive_id = ?").param(archiveId).update();
    }

    @Override
    public void putAnalytics(String archiveId, byte[] body, long at) {
        jdbc.sql("""
                INSERT INTO archive_analytics (archive_id, body, computed_at) VALUES (?, ?, ?)
                ON CONFLICT (archive_id) DO UPDATE SET body = excluded.body, computed_at = excluded.computed_at""")
                .params(archiveId, body, at).update();
    }

    @Override
    public Optional<byte[]> analytics(String archiveId) {
        return jdbc.sql("SELECT body FROM archive_analytics WHERE archive_id = ?").param(archiveId).query(byte[].class).optional();
    }

    private static ArchiveRow archiveRow(ResultSet rs, int n) throws SQLException {
        return new ArchiveRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBytes(6),
                rs.getLong(7), rs.getLong(8));
    }
}
