-- SQLite search stops calling FTS5's bm25() (ADR 0005). bm25 counts, once per query, every row holding each
-- phrase of the MATCH expression, to weigh the phrase by its rarity; the chat filter's phrases are in that
-- expression, so a search in a chat of 1.5 M messages walked all 1.5 M of its postings. A search now asks FTS5
-- only for the newest matches (rowid order, which FTS5 walks backwards and stops early) and ranks them itself from
-- two columns kept per message: its number of tokens and the tokens it holds more than once ("token:count",
-- space-separated; NULL when no token repeats). Blind tokens only, like the FTS5 index itself.
ALTER TABLE search_docs ADD COLUMN doc_len INTEGER NOT NULL DEFAULT 0;
ALTER TABLE search_docs ADD COLUMN repeats TEXT;

-- Existing rows: read back from the index itself (a contentless table keeps every token's positions).
CREATE VIRTUAL TABLE temp.search_v4_3_instances USING fts5vocab(main, search_terms, instance);

CREATE TEMP TABLE search_v4_3_lengths (doc INTEGER PRIMARY KEY, n INTEGER NOT NULL);
INSERT INTO search_v4_3_lengths (doc, n)
SELECT doc, COUNT(*) FROM temp.search_v4_3_instances WHERE col = 'terms' GROUP BY doc;

CREATE TEMP TABLE search_v4_3_repeats (doc INTEGER PRIMARY KEY, repeats TEXT NOT NULL);
INSERT INTO search_v4_3_repeats (doc, repeats)
SELECT doc, group_concat(term || ':' || n, ' ') FROM (
    SELECT doc, term, COUNT(*) AS n FROM temp.search_v4_3_instances WHERE col = 'terms'
    GROUP BY doc, term HAVING COUNT(*) > 1
) GROUP BY doc;

UPDATE search_docs SET doc_len = l.n FROM search_v4_3_lengths l WHERE l.doc = search_docs.doc_id;
UPDATE search_docs SET repeats = r.repeats FROM search_v4_3_repeats r WHERE r.doc = search_docs.doc_id;

DROP TABLE temp.search_v4_3_repeats;
DROP TABLE temp.search_v4_3_lengths;
DROP TABLE temp.search_v4_3_instances;
