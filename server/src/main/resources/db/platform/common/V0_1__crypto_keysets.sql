-- Key material, every value wrapped by the node's master key: the data keyset (Tink JSON, encrypted)
-- and named HMAC secrets. Shared through the database so every cluster node uses the same keys.
CREATE TABLE crypto_material (
    name       TEXT PRIMARY KEY,
    material   TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
