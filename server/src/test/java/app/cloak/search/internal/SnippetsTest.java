package app.cloak.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SnippetsTest {
    private final TextAnalysis analysis = SearchFixtures.analysis();
    private final Snippets snippets = new Snippets(analysis);

    private String snippet(String text, String query) {
        return snippets.of(text, Set.copyOf(analysis.stems(query)));
    }

    @Test
    void marksEveryWordThatMatchesAnyForm() {
        assertThat(snippet("I was Running late, then ran and runs", "run"))
                .isEqualTo("I was <mark>Running</mark> late, then ran and <mark>runs</mark>");
        assertThat(snippet("Café au lait", "cafe")).isEqualTo("<mark>Café</mark> au lait");
        assertThat(snippet("lunch at noon?", "noon lunch")).isEqualTo("<mark>lunch</mark> at <mark>noon</mark>?");
    }

    @Test
    void escapesHtmlOutsideAndInsideMarks() {
        assertThat(snippet("<b>run</b> & \"stuff\" it's", "run"))
                .isEqualTo("&lt;b&gt;<mark>run</mark>&lt;/b&gt; &amp; &quot;stuff&quot; it&#39;s");
        assertThat(snippet("<script>alert(1)</script>", "alert")).doesNotContain("<script>");
    }

    @Test
    void longTextIsCutToAWindowAroundTheFirstMatch() {
        String before = "alpha ".repeat(60);
        String after = " omega".repeat(60);
        String text = before + "the needle is here" + after;
        String s = snippet(text, "needle");
        assertThat(s).startsWith("…").endsWith("…").contains("<mark>needle</mark>");
        assertThat(s.length()).isLessThan(220);
        assertThat(s).contains("alpha alpha the <mark>needle</mark> is here omega");
    }

    @Test
    void matchAtTheStartHasNoLeadingEllipsis() {
        String text = "needle " + "hay ".repeat(100);
        String s = snippet(text, "needle");
        assertThat(s).startsWith("<mark>needle</mark> hay").endsWith("…");
    }

    @Test
    void shortTextWithoutMatchIsShownWhole() {
        assertThat(snippet("nothing to see", "needle")).isEqualTo("nothing to see");
    }
}
