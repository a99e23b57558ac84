package app.cloak.search.internal.jdbc;

import app.cloak.search.internal.SearchIndex;
import app.cloak.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

class JdbcSearchIndexSqliteTest implements SearchIndexContract {
    static final TestDatabase DB = TestDatabase.sqlite();
    static final SearchIndex INDEX = SearchIndexConfiguration.of(DB.dialect(), DB.jdbc());

    @AfterAll
    static void close() {
        DB.close();
    }

    @Override public TestDatabase db() { return DB; }
    @Override public SearchIndex index() { return INDEX; }

    /** search_docs and every FTS5 shadow table (search_terms_data, _idx, _docsize, _config, …). */
    @Override
    public String rawIndexContents() {
        List<String> tables = DB.jdbc().sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%'")
                .query(String.class).list();
        StringBuilder raw = new StringBuilder();
        for (String table : tables) {
            if (table.equals("search_terms")) continue; // the virtual table itself: its rows live in the shadow tables
            for (Map<String, Object> row : DB.jdbc().sql("SELECT * FROM " + table).query().listOfRows()) {
                for (Object value : row.values()) {
                    raw.append(value instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(value)).append('\n');
                }
            }
        }
        return raw.toString();
    }
}
