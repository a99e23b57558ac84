-- One upload. The bytes live in the blob store (blob_id), encrypted with the stream keyset (context "media:<media_id>").
CREATE TABLE media (
    media_id    TEXT PRIMARY KEY,
    blob_id     TEXT NOT NULL,
    uploader_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size_bytes  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Where an upload was sent: members of these chats may get download URLs.
CREATE TABLE media_shares (
    media_id   TEXT NOT NULL,
    message_id TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    view_once  INT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (media_id, message_id)
);
CREATE INDEX media_shares_chat ON media_shares (chat_id);

-- View-once: who has opened it (a second open is 410 for them).
CREATE TABLE media_views (
    media_id  TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    viewed_at BIGINT NOT NULL,
    PRIMARY KEY (media_id, user_id)
);
