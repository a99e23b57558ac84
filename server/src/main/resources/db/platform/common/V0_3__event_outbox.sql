-- Durable domain events waiting to be relayed (docs/adr/0002-event-lanes.md): written in the business
-- transaction, handed to the in-process consumers or to JetStream after commit, then deleted.
-- delivered_to lists the in-process consumers that already handled an event whose other consumers failed.
CREATE TABLE event_outbox (
    id              ${serial_pk},
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_to    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_outbox_due ON event_outbox (next_attempt_at);
