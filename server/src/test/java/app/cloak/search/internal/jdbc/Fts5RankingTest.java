package app.cloak.search.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-message counts SQLite keeps for ranking ({@code search_docs.repeats}) and how they are read back. */
class Fts5RankingTest {

    @Test
    void onlyTokensHeldMoreThanOnceAreListed() {
        assertThat(Fts5SearchIndex.repeats(List.of("ta", "tb", "ta", "tc", "tb", "ta"))).isEqualTo("ta:3 tb:2");
        assertThat(Fts5SearchIndex.repeats(List.of("ta", "tb"))).isNull();
        assertThat(Fts5SearchIndex.repeats(List.of())).isNull();
    }

    @Test
    void aTokenIsReadWholeNotAsPartOfAnother() {
        String repeats = "tab:3 ta:2 xta:5";
        assertThat(Fts5SearchIndex.count(repeats, "ta")).isEqualTo(2);
        assertThat(Fts5SearchIndex.count(repeats, "tab")).isEqualTo(3);
        assertThat(Fts5SearchIndex.count(repeats, "xta")).isEqualTo(5);
        assertThat(Fts5SearchIndex.count(repeats, "t")).isEqualTo(1);
        assertThat(Fts5SearchIndex.count("tab:12", "tab")).isEqualTo(12);
        assertThat(Fts5SearchIndex.count(null, "ta")).isEqualTo(1);
    }

    @Test
    void theScoreIsTheSameFormulaAsPostgreSQLs() {
        // (1 + ln tf) per query token, over 1 + ln(length)
        assertThat(Fts5SearchIndex.score(List.of("ta"), 1, null)).isEqualTo(1.0);
        assertThat(Fts5SearchIndex.score(List.of("ta", "tb"), 4, "ta:2"))
                .isCloseTo((1 + Math.log(2) + 1) / (1 + Math.log(4)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Fts5SearchIndex.score(List.of("ta"), 0, null)).as("no length is taken as 1").isEqualTo(1.0);
    }
}
