package app.cloak.search.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.search.internal.BlindTokens;
import app.cloak.search.internal.SearchFixtures;
import app.cloak.search.internal.SearchIndex;
import app.cloak.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's V4_2 turns messages indexed by the earlier GIN design (a tsvector per message) into postings:
 * after the upgrade they are found, ranked, edited and removed like messages indexed afterwards.
 */
class PostingsMigrationTest {
    private static final BlindTokens TOKENS = SearchFixtures.tokens();

    @Test
    void messagesIndexedBeforeTheUpgradeAreSearchableAfterIt() {
        try (TestDatabase db = TestDatabase.postgresUpTo("4.1")) {
            var jdbc = db.jdbc();
            // rows as the 4.1 adapter wrote them
            for (String[] m : new String[][] {
                    {"m_focused", "c1", "budget budget: the budget is due"},
                    {"m_passing", "c1", "long day, many things to say about lunch and the weather and the trains and also the budget"},
                    {"m_other_chat", "c2", "the budget of the other chat"},
                    {"m_later", "c1", "meet at the library"}}) {
                jdbc.sql("INSERT INTO search_docs (message_id, chat_id, terms) VALUES (?, ?, CAST(? AS tsvector))")
                        .params(m[0], m[1], PostingsSearchIndex.vector(TOKENS.of(m[2]))).update();
            }

            db.migrate();
            SearchIndex index = SearchIndexConfiguration.of(db.dialect(), jdbc);

            migratedIndexServesTheFixture(db, index);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM search_postings WHERE doc_id NOT IN (SELECT doc_id FROM search_docs)")
                    .query(Long.class).single()).isZero();
        }
    }

    /**
     * What both engines' migration tests check on the fixture they migrated (m_focused, m_passing and m_later in c1,
     * m_other_chat in c2): ranking, chat filter, two-word queries, and an edit and a delete of a migrated message.
     */
    static void migratedIndexServesTheFixture(TestDatabase db, SearchIndex index) {
        assertThat(index.find(List.of("c1"), TOKENS.of("budget"), 20)).containsExactly("m_focused", "m_passing");
        assertThat(index.find(List.of("c1", "c2"), TOKENS.of("budget"), 20))
                .containsExactlyInAnyOrder("m_focused", "m_passing", "m_other_chat");
        assertThat(index.find(List.of("c1"), TOKENS.of("budget lunch"), 20)).containsExactly("m_passing");

        // an edit and a delete of a migrated message (on PostgreSQL the caller then checks no posting is left over)
        db.tx().executeWithoutResult(s -> index.put("m_focused", "c1", TOKENS.of("the library is closed")));
        db.tx().executeWithoutResult(s -> index.remove(List.of("m_passing")));
        assertThat(index.find(List.of("c1"), TOKENS.of("budget"), 20)).isEmpty();
        assertThat(index.find(List.of("c1"), TOKENS.of("library"), 20)).containsExactlyInAnyOrder("m_focused", "m_later");
    }
}
