-- Blind full-text index: only keyed hashes of normalised tokens are stored, never text.
-- FTS5 needs an integer rowid, so search_docs maps it to the message; doc_id also orders by recency
-- (it stays the same when a message is edited and re-indexed).
CREATE TABLE search_docs (
    doc_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    chat_id    TEXT NOT NULL
);
CREATE INDEX search_docs_by_chat ON search_docs (chat_id, doc_id);

-- Contentless: FTS5 keeps only its inverted index (of hashes), not even the hashed documents;
-- contentless_delete lets a row be deleted by rowid alone. The hashed tokens are plain ASCII words,
-- so the ascii tokenizer is enough. chat holds one token naming the message's chat, so the chat
-- filter runs inside FTS5 (newest first, stopping early) instead of joining every match.
CREATE VIRTUAL TABLE search_terms USING fts5 (
    terms,
    chat,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);
