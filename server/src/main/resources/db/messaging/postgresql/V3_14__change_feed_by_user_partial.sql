-- A change for a whole chat (user_id NULL, nearly every one: each message sent) no longer gets an entry in
-- change_feed_by_user, which only per-user changes are looked up by (user_id = ?). (On SQLite the same version
-- also makes version the rowid.)
DROP INDEX change_feed_by_user;
CREATE INDEX change_feed_by_user ON change_feed (user_id, version) WHERE user_id IS NOT NULL;
