CREATE TABLE chats (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    admins_only INT NOT NULL DEFAULT 0,
    -- "userA|userB" (sorted) for direct chats: the unique key that makes creation idempotent
    direct_key  TEXT UNIQUE,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE chat_members (
    chat_id   TEXT NOT NULL REFERENCES chats (id),
    user_id   TEXT NOT NULL,
    role      TEXT NOT NULL,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_members_user ON chat_members (user_id);

CREATE TABLE chat_settings (
    chat_id     TEXT NOT NULL REFERENCES chats (id),
    user_id     TEXT NOT NULL,
    muted_until BIGINT,
    archived    INT NOT NULL DEFAULT 0,
    pinned      INT NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, user_id)
);
