-- PostgreSQL search moves from the GIN index over search_docs.terms to a B-tree of postings: one row per
-- (blind token, chat, message), ordered so that "the newest matches of this token in this chat" is a short
-- index-only range scan. A word in 2-6 % of messages no longer fetches one random heap page per match in the
-- caller's chats (BENCHMARKS.md). tf and doc_len ride in the index (INCLUDE) so ranking needs no heap page
-- either. search_docs keeps the tsvector as the message's list of tokens (to find its postings on edit and
-- delete) and maps doc_id to the message.
CREATE TABLE search_postings (
    token   TEXT    NOT NULL,
    chat_id TEXT    NOT NULL,
    doc_id  BIGINT  NOT NULL,
    tf      INTEGER NOT NULL,
    doc_len INTEGER NOT NULL,
    PRIMARY KEY (token, chat_id, doc_id) INCLUDE (tf, doc_len)
);

-- Existing rows: every lexeme of every indexed message becomes a posting (tf = its number of positions).
INSERT INTO search_postings (token, chat_id, doc_id, tf, doc_len)
SELECT u.lexeme, d.chat_id, d.doc_id, COALESCE(array_length(u.positions, 1), 1),
       (SELECT COALESCE(SUM(COALESCE(array_length(v.positions, 1), 1)), 1) FROM unnest(d.terms) v)
FROM search_docs d, unnest(d.terms) u;

DROP INDEX search_docs_terms;
DROP INDEX search_docs_by_chat;
