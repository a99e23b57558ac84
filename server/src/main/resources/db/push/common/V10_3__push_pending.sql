-- Notifications waiting for their batch window to close (one row per recipient and chat): kept in the database so
-- a restart or a crash within the window loses nothing, and any node can send it (claimed by a conditional delete).
-- count: messages in the batch; message_id/sender_id/last_seq: the newest one (last_seq makes a redelivered event
-- count once); due_at: when the window that the first message opened closes (epoch ms).
CREATE TABLE push_pending (
    user_id    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sender_id  TEXT NOT NULL,
    last_seq   BIGINT NOT NULL,
    count      INTEGER NOT NULL,
    due_at     BIGINT NOT NULL,
    PRIMARY KEY (user_id, chat_id)
);
CREATE INDEX push_pending_due ON push_pending (due_at);
