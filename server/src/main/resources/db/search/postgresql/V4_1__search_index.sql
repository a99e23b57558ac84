-- Blind full-text index: only keyed hashes of normalised tokens are stored, never text.
-- terms is a tsvector of those hashes (with positions, for ts_rank); doc_id orders by recency and
-- stays the same when a message is edited and re-indexed.
CREATE TABLE search_docs (
    doc_id     BIGSERIAL PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    chat_id    TEXT NOT NULL,
    terms      TSVECTOR NOT NULL
);
CREATE INDEX search_docs_by_chat ON search_docs (chat_id, doc_id);
CREATE INDEX search_docs_terms ON search_docs USING GIN (terms);
