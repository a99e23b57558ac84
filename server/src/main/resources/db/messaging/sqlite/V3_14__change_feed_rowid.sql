-- On SQLite, version becomes the change feed's rowid (INTEGER PRIMARY KEY): declared BIGINT PRIMARY KEY it was a
-- second b-tree beside the rowid's, written with every change. And a change for a whole chat (user_id NULL, nearly
-- every one: each message sent) no longer gets an entry in change_feed_by_user, which only per-user changes are
-- looked up by (user_id = ?). Both cost the send writer pages and time at every commit (BENCHMARKS.md, session 10).
-- Same columns, same rows, same index names.
CREATE TABLE change_feed_rowid (
    version    INTEGER PRIMARY KEY,
    chat_id    TEXT,
    user_id    TEXT,
    kind       TEXT NOT NULL,
    ref        TEXT,
    created_at BIGINT NOT NULL
);
INSERT INTO change_feed_rowid (version, chat_id, user_id, kind, ref, created_at)
    SELECT version, chat_id, user_id, kind, ref, created_at FROM change_feed;
DROP TABLE change_feed;
ALTER TABLE change_feed_rowid RENAME TO change_feed;
CREATE INDEX change_feed_by_chat ON change_feed (chat_id, version);
CREATE INDEX change_feed_by_user ON change_feed (user_id, version) WHERE user_id IS NOT NULL;
CREATE INDEX change_feed_by_ref ON change_feed (ref);
