-- Phones are found by keyed hash and stored encrypted: the database never holds a phone in clear.
CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    phone_hash   TEXT NOT NULL UNIQUE,
    phone_enc    ${bytes} NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    about        TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);

CREATE TABLE devices (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id),
    name           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL,
    revoked_at     BIGINT
);
CREATE INDEX devices_user ON devices (user_id);

-- One row per refresh token ever issued; a device is the token family. rotated_at set = already used.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES devices (id),
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    rotated_at BIGINT
);
CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);

CREATE TABLE otp_challenges (
    phone_hash TEXT PRIMARY KEY,
    code_hash  TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts   INT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE blocks (
    blocker_id TEXT NOT NULL REFERENCES users (id),
    blocked_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);
