package app.cloak.search.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.search.internal.BlindTokens;
import app.cloak.search.internal.SearchFixtures;
import app.cloak.search.internal.SearchIndex;
import app.cloak.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SQLite's V4_3 adds each message's length and repeated tokens to {@code search_docs} (the ranking no longer asks
 * FTS5's bm25) and reads them back from the FTS5 index for messages indexed before: after the upgrade those are
 * found, ranked, edited and removed like messages indexed afterwards.
 */
class Fts5RankingMigrationTest {
    private static final BlindTokens TOKENS = SearchFixtures.tokens();

    @Test
    void messagesIndexedBeforeTheUpgradeAreRankedFromTheirOwnCounts() {
        try (TestDatabase db = TestDatabase.sqliteUpTo("4.1")) {
            var jdbc = db.jdbc();
            String[][] rows = {
                    {"m_focused", "c1", "budget budget: the budget is due"},
                    {"m_passing", "c1", "long day, many things to say about lunch and the weather and the trains and also the budget"},
                    {"m_other_chat", "c2", "the budget of the other chat"},
                    {"m_later", "c1", "meet at the library"},
                    {"m_plain", "c2", "a plain note"}};
            for (String[] m : rows) { // as the 4.1 adapter wrote them
                jdbc.sql("INSERT INTO search_docs (message_id, chat_id) VALUES (?, ?)").params(m[0], m[1]).update();
                long doc = jdbc.sql("SELECT doc_id FROM search_docs WHERE message_id = ?").param(m[0]).query(Long.class).single();
                jdbc.sql("INSERT INTO search_terms (rowid, terms, chat) VALUES (?, ?, ?)")
                        .params(doc, String.join(" ", TOKENS.of(m[2])), Fts5SearchIndex.chatToken(m[1])).update();
            }
            // m_later was edited under 4.1: its old row deleted, the new one inserted under the same rowid
            long later = jdbc.sql("SELECT doc_id FROM search_docs WHERE message_id = 'm_later'").query(Long.class).single();
            jdbc.sql("DELETE FROM search_terms WHERE rowid = ?").param(later).update();
            jdbc.sql("INSERT INTO search_terms (rowid, terms, chat) VALUES (?, ?, ?)")
                    .params(later, String.join(" ", TOKENS.of("meet meet at the library")), Fts5SearchIndex.chatToken("c1")).update();

            db.migrate();
            SearchIndex index = SearchIndexConfiguration.of(db.dialect(), jdbc);

            for (String[] m : rows) {
                List<String> tokens = TOKENS.of(m[0].equals("m_later") ? "meet meet at the library" : m[2]); // edited: the new text only
                assertThat(jdbc.sql("SELECT doc_len FROM search_docs WHERE message_id = ?").param(m[0]).query(Integer.class).single())
                        .as(m[0]).isEqualTo(tokens.size());
                assertThat(jdbc.sql("SELECT repeats FROM search_docs WHERE message_id = ?").param(m[0]).query(String.class).list())
                        .as(m[0]).containsExactly(Fts5SearchIndex.repeats(tokens));
            }
            assertThat(jdbc.sql("SELECT repeats FROM search_docs WHERE message_id = 'm_plain'").query(String.class).list())
                    .containsExactly((String) null);

            PostingsMigrationTest.migratedIndexServesTheFixture(db, index);
        }
    }
}
