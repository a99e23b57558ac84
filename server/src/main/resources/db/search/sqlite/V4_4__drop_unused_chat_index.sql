-- No SQLite query reads search_docs by chat: a search asks FTS5 for the newest matches (its chat column narrows them
-- to the caller's chats) and joins search_docs by doc_id only (ADR 0005); deletes go by message_id. The index still
-- cost every indexed message an update of one page per chat of its batch: with a hundred chats per send batch, a
-- sixth of the pages a batch's commit writes (BENCHMARKS.md, session 9). PostgreSQL dropped its copy in V4_2.
DROP INDEX search_docs_by_chat;
