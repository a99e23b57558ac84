-- One imported WhatsApp export (the conversation reader). Its messages live in the messaging module, in the
-- read-only chat chat_id; what is here is what the reader adds: who may see it, the parse reports, the
-- participants and the precomputed analytics. Sealed columns (${bytes}) are AES-GCM under the data keyset,
-- bound to the archive id: names, unparsed lines and analytics are chat content.
CREATE TABLE archives (
    archive_id   TEXT PRIMARY KEY,
    chat_id      TEXT NOT NULL,
    owner_id     TEXT NOT NULL,
    timezone     TEXT NOT NULL,
    me_key       TEXT,
    participants ${bytes} NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX archives_owner ON archives (owner_id);

-- Who else may open it: viewer (read, search) or analyst (also analytics and export). The owner is not listed.
CREATE TABLE archive_members (
    archive_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    role       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (archive_id, user_id)
);
CREATE INDEX archive_members_user ON archive_members (user_id);

-- Every upload that went into the archive (the first import, merges, re-imports), with its parse report.
CREATE TABLE archive_imports (
    archive_id    TEXT NOT NULL,
    n             INT NOT NULL,
    kind          TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    source_name   ${bytes} NOT NULL,
    source_bytes  BIGINT NOT NULL,
    date_order    TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    messages      INT NOT NULL,
    inserted      INT NOT NULL,
    duplicates    INT NOT NULL,
    media_stored  INT NOT NULL,
    report        ${bytes} NOT NULL,
    imported_at   BIGINT NOT NULL,
    PRIMARY KEY (archive_id, n)
);

-- The archive's messages as the reader orders and analyses them: local wall-clock time (seconds since
-- 1970-01-01T00:00 as if UTC), then the upload and line that brought it. Text stays sealed in messages.
CREATE TABLE archive_messages (
    archive_id  TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    local_time  BIGINT NOT NULL,
    import_n    INT NOT NULL,
    line        INT NOT NULL,
    author_key  TEXT,
    kind        TEXT NOT NULL,
    edited      INT NOT NULL,
    PRIMARY KEY (archive_id, message_id)
);
CREATE INDEX archive_messages_order ON archive_messages (archive_id, local_time, import_n, line);

-- Aggregates for the dashboard, computed at import and on every merge (sealed JSON).
CREATE TABLE archive_analytics (
    archive_id  TEXT PRIMARY KEY,
    body        ${bytes} NOT NULL,
    computed_at BIGINT NOT NULL
);
