-- Per-chat sequence: the upsert that bumps it also row-locks the chat, so seq order = commit order.
CREATE TABLE chat_sequences (
    chat_id  TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

-- body: the message content as JSON, AES-GCM encrypted with the message id as associated data;
-- NULL once deleted for everyone. Nothing here holds message text in clear.
CREATE TABLE messages (
    pk               ${serial_pk},
    id               TEXT NOT NULL UNIQUE,
    chat_id          TEXT NOT NULL,
    seq              BIGINT NOT NULL,
    sender_id        TEXT NOT NULL,
    sender_device_id TEXT,
    client_msg_id    TEXT NOT NULL,
    type             TEXT NOT NULL,
    body             ${bytes},
    reply_to         TEXT,
    forwarded        INT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    edited_at        BIGINT,
    deleted_at       BIGINT,
    UNIQUE (chat_id, seq),
    UNIQUE (sender_id, client_msg_id)
);

CREATE TABLE message_hidden (
    user_id    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    PRIMARY KEY (user_id, message_id)
);

CREATE TABLE message_reactions (
    message_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    emoji      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

CREATE TABLE message_stars (
    user_id    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, message_id)
);

-- Delivery state as watermarks per member, not a row per message per member.
-- read_seq is what others see; private_read_seq is what the member's own devices agree on.
CREATE TABLE read_watermarks (
    chat_id          TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    delivered_seq    BIGINT NOT NULL DEFAULT 0,
    read_seq         BIGINT NOT NULL DEFAULT 0,
    private_read_seq BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, user_id)
);
