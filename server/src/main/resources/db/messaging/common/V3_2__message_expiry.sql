-- Disappearing messages: when the message is due to vanish (epoch ms, fixed at send time from the
-- chat's timer), NULL for messages that stay. Reads leave out expired rows; the expiry job deletes them.
ALTER TABLE messages ADD COLUMN expires_at BIGINT;
CREATE INDEX messages_expiry ON messages (expires_at) WHERE expires_at IS NOT NULL;
