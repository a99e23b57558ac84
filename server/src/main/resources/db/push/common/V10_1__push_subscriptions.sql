-- One browser push subscription (per device; a browser endpoint is unique, so re-subscribing replaces the row).
-- endpoint_hash: keyed hash of the endpoint URL (the lookup key); sealed: the endpoint and its p256dh/auth keys,
-- encrypted with the data keys (context "push:<endpoint_hash>").
CREATE TABLE push_subscriptions (
    endpoint_hash TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    sealed        ${bytes} NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
