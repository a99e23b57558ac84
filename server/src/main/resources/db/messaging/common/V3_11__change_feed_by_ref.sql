-- Expired messages leave the feed with their rows (nothing of a disappeared message stays behind).
CREATE INDEX change_feed_by_ref ON change_feed (ref);
