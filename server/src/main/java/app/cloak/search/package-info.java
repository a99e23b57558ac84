/**
 * Full-text search over the chats a user may read, without the server storing searchable text: a
 * blind index of keyed hashes of normalised tokens (SQLite FTS5 / a PostgreSQL B-tree of postings), snippets
 * built from the decrypted hits.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "chats", "messaging"})
package app.cloak.search;
