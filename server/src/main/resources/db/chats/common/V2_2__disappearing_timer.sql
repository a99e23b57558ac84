-- Disappearing messages: seconds a new message lives in this chat (0 = off). Messages copy it at send time.
ALTER TABLE chats ADD COLUMN disappearing_seconds BIGINT NOT NULL DEFAULT 0;
