-- One linked WhatsApp Business phone number. access token, app secret and verify token are sealed together
-- in `secrets` (DataCipher, context "bridge-link:<link_id>"); unlinking deletes the row and with it the secrets.
-- graph_base_url NULL: cloak.bridge.graph-base-url (Meta's Graph API, current version) at call time.
CREATE TABLE bridge_links (
    link_id         TEXT PRIMARY KEY,
    owner_id        TEXT NOT NULL,
    phone_number_id TEXT NOT NULL,
    graph_base_url  TEXT,
    secrets         ${bytes} NOT NULL,
    send_typing     INT NOT NULL DEFAULT 0,
    last_error_code TEXT,
    last_error      TEXT,
    last_error_at   BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX bridge_links_owner ON bridge_links (owner_id);

-- Webhook bodies exactly as received (sealed, context "bridge-inbox:<inbox_id>"), stored before the 200 and
-- processed by the inbox worker (at least once). Kept for cloak.bridge.inbox-retention after processing.
CREATE TABLE bridge_inbox (
    inbox_id        TEXT PRIMARY KEY,
    link_id         TEXT NOT NULL,
    body            ${bytes} NOT NULL,
    received_at     BIGINT NOT NULL,
    attempts        INT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    processed_at    BIGINT,
    last_error      TEXT
);
CREATE INDEX bridge_inbox_due ON bridge_inbox (processed_at, next_attempt_at);

-- Which Cloak chat is which WhatsApp conversation: peer is the sender's user id / wa_id, or the group_id.
CREATE TABLE bridge_chats (
    chat_id  TEXT PRIMARY KEY,
    link_id  TEXT NOT NULL,
    peer     TEXT NOT NULL,
    is_group INT NOT NULL,
    UNIQUE (link_id, peer)
);

-- Inbound messages a read receipt may name, by their seq in the chat (a reveal up to seq N reads the newest <= N).
CREATE TABLE bridge_messages (
    chat_id TEXT NOT NULL,
    seq     BIGINT NOT NULL,
    wamid   TEXT NOT NULL,
    PRIMARY KEY (chat_id, seq)
);

-- Delivery statuses of what we sent, per recipient (group participants separately); rank only rises.
CREATE TABLE bridge_statuses (
    link_id    TEXT NOT NULL,
    wamid      TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    status     TEXT NOT NULL,
    status_rank INT NOT NULL,
    status_at  BIGINT NOT NULL,
    error_code TEXT,
    PRIMARY KEY (link_id, wamid, recipient)
);

-- Outgoing Graph calls, recorded in the transaction that decided them and sent after commit:
-- kind 'read' (target = the wamid to mark read, seq its position) or 'reply' (target = the Cloak message id).
-- state: pending, sent, failed. result: the wamid Meta gave a reply.
CREATE TABLE bridge_calls (
    call_id         TEXT PRIMARY KEY,
    link_id         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    target          TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    error_code      TEXT,
    error           TEXT,
    result          TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX bridge_calls_due ON bridge_calls (state, next_attempt_at);
CREATE INDEX bridge_calls_link ON bridge_calls (link_id, created_at);
