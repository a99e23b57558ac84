-- One row per connected device, by the node (and connection) holding its socket. seen_at is refreshed by that node's
-- heartbeat; rows of a node that died stop being refreshed and are swept, so its users go offline.
CREATE TABLE presence_devices (
    device_id TEXT PRIMARY KEY,
    user_id   TEXT NOT NULL,
    node_id   TEXT NOT NULL,
    conn_id   TEXT NOT NULL,
    seen_at   BIGINT NOT NULL
);
CREATE INDEX presence_devices_by_user ON presence_devices (user_id);
CREATE INDEX presence_devices_by_node ON presence_devices (node_id);

CREATE TABLE presence_last_seen (
    user_id   TEXT PRIMARY KEY,
    last_seen BIGINT NOT NULL
);

-- Who may see the user's online state and last seen: everyone (sharing a chat), contacts, nobody.
CREATE TABLE presence_privacy (
    user_id    TEXT PRIMARY KEY,
    visibility TEXT NOT NULL
);
