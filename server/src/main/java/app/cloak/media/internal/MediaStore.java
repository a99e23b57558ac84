package app.cloak.media.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The media tables (same SQL on SQLite and PostgreSQL). */
@Repository
class MediaStore {
    record StoredMedia(String mediaId, String blobId, String uploaderId, MediaKind kind, String mime, long size, long createdAt) {}

    record Share(String messageId, String chatId, boolean viewOnce) {}

    private final JdbcClient jdbc;

    MediaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredMedia m) {
        jdbc.sql("INSERT INTO media (media_id, blob_id, uploader_id, kind, mime, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(m.mediaId(), m.blobId(), m.uploaderId(), m.kind().name(), m.mime(), m.size(), m.createdAt())
                .update();
    }

    void delete(String mediaId) {
        jdbc.sql("DELETE FROM media WHERE media_id = ?").param(mediaId).update();
    }

    Optional<StoredMedia> byId(String mediaId) {
        return jdbc.sql("SELECT media_id, blob_id, uploader_id, kind, mime, size_bytes, created_at FROM media WHERE media_id = ?")
                .param(mediaId)
                .query((rs, n) -> new StoredMedia(rs.getString(1), rs.getString(2), rs.getString(3),
                        MediaKind.valueOf(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getLong(7)))
                .optional();
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
