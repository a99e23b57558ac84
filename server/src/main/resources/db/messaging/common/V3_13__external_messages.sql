-- Messages that came from outside Cloak (a WhatsApp export, the WhatsApp bridge): the source's own id,
-- unique per chat, so importing or receiving the same message twice stores it once.
CREATE TABLE message_external_ids (
    chat_id     TEXT NOT NULL,
    external_id TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    PRIMARY KEY (chat_id, external_id)
);
CREATE INDEX message_external_ids_message ON message_external_ids (message_id);
