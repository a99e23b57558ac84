-- What the server derives at upload: a thumbnail (its own encrypted blob, context "media-thumb:<media_id>") or why
-- there is none, the displayed size of images, and a voice note's duration and waveform (64 peaks 0-100, comma-separated).
ALTER TABLE media ADD COLUMN thumb_blob_id TEXT;
ALTER TABLE media ADD COLUMN thumb_size BIGINT;
ALTER TABLE media ADD COLUMN thumbnail TEXT NOT NULL DEFAULT 'none';
ALTER TABLE media ADD COLUMN thumbnail_reason TEXT;
ALTER TABLE media ADD COLUMN width INT;
ALTER TABLE media ADD COLUMN height INT;
ALTER TABLE media ADD COLUMN duration_ms BIGINT;
ALTER TABLE media ADD COLUMN waveform TEXT;
ALTER TABLE media ADD COLUMN waveform_reason TEXT;

-- Orphan cleanup looks for old uploads that no message carries.
CREATE INDEX media_created ON media (created_at);

-- Blobs whose media is gone (no message carries it any more, or never attached in time): deleted from the blob
-- store after the commit that queued them, and retried by the cleanup job until the store confirms.
CREATE TABLE media_trash (
    blob_id   TEXT PRIMARY KEY,
    queued_at BIGINT NOT NULL
);
