package app.cloak.search.internal.jdbc;

import app.cloak.search.internal.SearchIndex;
import app.cloak.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

class JdbcSearchIndexPostgresTest implements SearchIndexContract {
    static final TestDatabase DB = TestDatabase.postgres();
    static final SearchIndex INDEX = SearchIndexConfiguration.of(DB.dialect(), DB.jdbc());

    @AfterAll
    static void close() {
        DB.close();
    }

    @Override public TestDatabase db() { return DB; }
    @Override public SearchIndex index() { return INDEX; }

    @Override
    public String rawIndexContents() {
        StringBuilder raw = new StringBuilder();
        for (Map<String, Object> row : DB.jdbc().sql("SELECT doc_id, message_id, chat_id, terms::text AS terms FROM search_docs")
                .query().listOfRows()) {
            row.values().forEach(v -> raw.append(v).append('\n'));
        }
        for (Map<String, Object> row : DB.jdbc().sql("SELECT * FROM search_postings").query().listOfRows()) {
            row.values().forEach(v -> raw.append(v).append('\n'));
        }
        return raw.toString();
    }
}
