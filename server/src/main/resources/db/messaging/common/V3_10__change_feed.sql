-- The change feed: everything a device must learn about (new, edited, deleted messages, watermark
-- moves, chat changes), one row per change, in commit order. Versions come from change_clock, which
-- every writing transaction bumps as its very last statement: the row lock it takes is held until
-- commit, so versions are handed out in commit order on PostgreSQL too, and a reader that saw
-- version v has seen every change below v. A device's sync cursor is the last version it received.
CREATE TABLE change_clock (
    id      INT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO change_clock (id, version) VALUES (1, 0);

-- user_id NULL: for every member of chat_id; otherwise for that user only (their own devices).
-- kind: message.new, message.updated, message.deleted, status (ref = whose watermark), chat.
CREATE TABLE change_feed (
    version    BIGINT PRIMARY KEY,
    chat_id    TEXT,
    user_id    TEXT,
    kind       TEXT NOT NULL,
    ref        TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX change_feed_by_chat ON change_feed (chat_id, version);
CREATE INDEX change_feed_by_user ON change_feed (user_id, version);
