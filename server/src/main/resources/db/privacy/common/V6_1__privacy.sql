-- A user's privacy policy; no row means the defaults (cloak off, visible, typing on, last seen: everyone).
CREATE TABLE privacy_settings (
    user_id          TEXT PRIMARY KEY,
    cloak_by_default INT NOT NULL DEFAULT 0,
    appear_offline   INT NOT NULL DEFAULT 0,
    send_typing      INT NOT NULL DEFAULT 1,
    last_seen        TEXT NOT NULL DEFAULT 'everyone'
);

-- Per-chat override of cloak_by_default.
CREATE TABLE chat_cloak (
    user_id TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    enabled INT NOT NULL,
    PRIMARY KEY (user_id, chat_id)
);

-- Scheduled reveals. up_to_seq NULL: everything read so far when it fires. daily_hour set: fires every
-- day at that hour in time_zone and stays scheduled. status: scheduled, done, cancelled.
CREATE TABLE reveals (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    up_to_seq   BIGINT,
    fire_at     BIGINT NOT NULL,
    daily_hour  INT,
    time_zone   TEXT,
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    fired_at    BIGINT
);
CREATE INDEX reveals_due ON reveals (status, fire_at);
CREATE INDEX reveals_by_user ON reveals (user_id, status);

-- The user's own audit log: reveals and policy changes. detail is JSON.
CREATE TABLE audit_log (
    pk      ${serial_pk},
    user_id TEXT NOT NULL,
    at      BIGINT NOT NULL,
    action  TEXT NOT NULL,
    chat_id TEXT,
    detail  TEXT NOT NULL
);
CREATE INDEX audit_log_by_user ON audit_log (user_id, pk);
