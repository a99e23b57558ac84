-- first_seq: the oldest message of the batch. Durable events reach the push consumer in any order on a cluster (two
-- nodes relay at once), so counting only events newer than last_seq dropped the older ones that came late (a batch of
-- six counted four or five). Messages of a chat are numbered without gaps, so the batch now counts
-- last_seq - first_seq + 1, whatever order they came in; a redelivered event changes neither. NULL for a batch
-- pending across the upgrade (its count stays as it was).
ALTER TABLE push_pending ADD COLUMN first_seq BIGINT;
