package app.cloak.media.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The media tables (same SQL on SQLite and PostgreSQL). */
@Repository
class MediaStore {
    /** Derived at upload: thumbnail blob or why none, displayed size, audio duration and waveform. */
    record Derived(String thumbBlobId, Long thumbSize, String thumbnail, String thumbnailReason, Integer width, Integer height,
                   Long durationMs, List<Integer> waveform, String waveformReason) {
        static final Derived NONE = new Derived(null, null, "none", null, null, null, null, null, null);
    }

    record StoredMedia(String mediaId, String blobId, String uploaderId, MediaKind kind, String mime, long size, long createdAt,
                       Derived derived) {}

    record Share(String messageId, String chatId, boolean viewOnce) {}

    private static final String COLUMNS = "media_id, blob_id, uploader_id, kind, mime, size_bytes, created_at, thumb_blob_id, "
            + "thumb_size, thumbnail, thumbnail_reason, width, height, duration_ms, waveform, waveform_reason";

    private final JdbcClient jdbc;

    MediaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredMedia m) {
        Derived d = m.derived();
        jdbc.sql("INSERT INTO media (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(m.mediaId(), m.blobId(), m.uploaderId(), m.kind().name(), m.mime(), m.size(), m.createdAt(),
                        d.thumbBlobId(), d.thumbSize(), d.thumbnail(), d.thumbnailReason(), d.width(), d.height(), d.durationMs(),
                        d.waveform() == null ? null : d.waveform().stream().map(String::valueOf).collect(Collectors.joining(",")),
                        d.waveformReason())
                .update();
    }

    void delete(String mediaId) {
        jdbc.sql("DELETE FROM media WHERE media_id = ?").param(mediaId).update();
    }

    Optional<StoredMedia> byId(String mediaId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM media WHERE media_id = ?")
                .param(mediaId)
                .query((rs, n) -> {
                    String waveform = rs.getString(15);
                    var derived = new Derived(rs.getString(8), longOrNull(rs, 9), rs.getString(10), rs.getString(11),
                            intOrNull(rs, 12), intOrNull(rs, 13),
                            longOrNull(rs, 14),
                            waveform == null ? null : Arrays.stream(waveform.split(",")).map(Integer::valueOf).toList(),
                            rs.getString(16));
                    return new StoredMedia(rs.getString(1), rs.getString(2), rs.getString(3),
                            MediaKind.valueOf(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getLong(7), derived);
                })
                .optional();
    }

    private static Long longOrNull(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer intOrNull(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    void share(String mediaId, String messageId, String chatId, boolean viewOnce, long now) {
        jdbc.sql("INSERT INTO media_shares (media_id, message_id, chat_id, view_once, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(mediaId, messageId, chatId, viewOnce ? 1 : 0, now)
                .update();
    }

    List<Share> shares(String mediaId) {
        return jdbc.sql("SELECT message_id, chat_id, view_once FROM media_shares WHERE media_id = ?")
                .param(mediaId)
                .query((rs, n) -> new Share(rs.getString(1), rs.getString(2), rs.getInt(3) != 0))
                .list();
    }

    /** Drops the shares of these messages; returns the uploads they carried. */
    List<String> unshare(List<String> messageIds) {
        if (messageIds.isEmpty()) return List.of();
        String in = String.join(",", java.util.Collections.nCopies(messageIds.size(), "?"));
        List<String> media = jdbc.sql("SELECT DISTINCT media_id FROM media_shares WHERE message_id IN (" + in + ")")
                .params(messageIds).query(String.class).list();
        if (!media.isEmpty()) jdbc.sql("DELETE FROM media_shares WHERE message_id IN (" + in + ")").params(messageIds).update();
        return media;
    }

    /** Uploads older than {@code before} that no message carries. */
    List<String> orphans(long before, int limit) {
        return jdbc.sql("SELECT media_id FROM media m WHERE created_at < ? AND NOT EXISTS "
                        + "(SELECT 1 FROM media_shares s WHERE s.media_id = m.media_id) ORDER BY created_at LIMIT ?")
                .params(before, limit).query(String.class).list();
    }

    /**
     * Deletes the upload if no message carries it, queueing its blobs in the trash; returns the queued blob ids
     * (empty if it is still shared or already gone).
     */
    List<String> deleteIfUnshared(String mediaId, long now) {
        var media = byId(mediaId);
        if (media.isEmpty()) return List.of();
        int deleted = jdbc.sql("DELETE FROM media WHERE media_id = ? AND NOT EXISTS (SELECT 1 FROM media_shares s WHERE s.media_id = ?)")
                .params(mediaId, mediaId).update();
        if (deleted == 0) return List.of();
        jdbc.sql("DELETE FROM media_views WHERE media_id = ?").param(mediaId).update();
        List<String> blobs = media.get().derived().thumbBlobId() == null ? List.of(media.get().blobId())
                : List.of(media.get().blobId(), media.get().derived().thumbBlobId());
        for (String blob : blobs) {
            jdbc.sql("INSERT INTO media_trash (blob_id, queued_at) VALUES (?, ?) ON CONFLICT DO NOTHING").params(blob, now).update();
        }
        return blobs;
    }

    List<String> trash(int limit) {
        return jdbc.sql("SELECT blob_id FROM media_trash ORDER BY queued_at LIMIT ?").param(limit).query(String.class).list();
    }

    void untrash(String blobId) {
        jdbc.sql("DELETE FROM media_trash WHERE blob_id = ?").param(blobId).update();
    }

    /** True for the first view by this user, false if they had already opened it. */
    boolean firstView(String mediaId, String userId, long now) {
        try {
            return jdbc.sql("INSERT INTO media_views (media_id, user_id, viewed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(mediaId, userId, now)
                    .update() == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    boolean viewed(String mediaId, String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM media_views WHERE media_id = ? AND user_id = ?")
                .params(mediaId, userId).query(Long.class).single() > 0;
    }
}
