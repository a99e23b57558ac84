package app.cloak.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextAnalysisTest {
    private final TextAnalysis english = SearchFixtures.analysis();

    @Test
    void caseDoesNotMatter() {
        assertThat(english.stems("Hello WORLD")).isEqualTo(english.stems("hello world")).hasSize(2);
    }

    @Test
    void accentsAreFolded() {
        assertThat(english.stems("café")).isEqualTo(english.stems("cafe"));
        assertThat(english.stems("Crème BRÛLÉE")).isEqualTo(english.stems("creme brulee"));
        assertThat(english.stems("naïve façade")).isEqualTo(english.stems("naive facade"));
    }

    @Test
    void wordsAreStemmed() {
        assertThat(english.stems("running")).containsExactly("run");
        assertThat(english.stems("runs")).containsExactly("run");
        assertThat(english.stems("meetings meeting")).containsExactly("meet", "meet");
        assertThat(english.stems("Cafés")).isEqualTo(english.stems("cafe"));
    }

    @Test
    void punctuationAndSpacesAreNotTerms() {
        assertThat(english.stems("  ...!?  -- ")).isEmpty();
        assertThat(english.stems("hi, there!")).hasSize(2);
    }

    @Test
    void termsKnowWhereTheirWordsAre() {
        String text = "Hi, Café!";
        List<TextAnalysis.Term> terms = english.terms(text);
        assertThat(terms).hasSize(2);
        TextAnalysis.Term cafe = terms.get(1);
        assertThat(text.substring(cafe.start(), cafe.end())).isEqualTo("Café");
        assertThat(cafe.stem()).isEqualTo("cafe");
    }

    @Test
    void wordsThroughTheStemmerAreTheStems() {
        // The bulk indexer stems each distinct word once (words + stemmer); it must give exactly what stems gives.
        String alphabet = "abcdeéèfghiïjklmnoöpqrsßtuüvwxyzABCÉZ0123456789 ,.'’-_:;!?\n😀👍🏽ĞİşçАБВгдéàåøæœ東京한국";
        var random = new java.util.SplittableRandom(7);
        List<String> texts = new java.util.ArrayList<>(List.of("Running to the CAFÉ, meetings!", "Häuser und Bäume laufen",
                "don't e.g. U.S.A. 1,000.50 foo_bar x:y", "naïve façade crème brûlée", "", "   "));
        for (int i = 0; i < 500; i++) {
            StringBuilder t = new StringBuilder();
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) t.append(alphabet.charAt(random.nextInt(alphabet.length())));
            texts.add(t.toString());
        }
        for (String language : List.of("english", "german", "french", "none")) {
            TextAnalysis analysis = new TextAnalysis(language);
            var stemmer = analysis.stemmer();
            for (String text : texts) {
                assertThat(analysis.words(text).stream().map(stemmer).toList()).as(language + ": " + text).isEqualTo(analysis.stems(text));
            }
        }
    }

    @Test
    void languageIsConfigurable() {
        assertThat(new TextAnalysis("none").stems("Running")).containsExactly("running");
        assertThat(new TextAnalysis("german").stems("Häuser")).isEqualTo(new TextAnalysis("german").stems("hauser"));
        assertThatThrownBy(() -> new TextAnalysis("klingon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cloak.search.language");
        assertThatThrownBy(() -> new TextAnalysis("../Eng")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blindTokensHideTheWordsButStillMeet() {
        BlindTokens tokens = SearchFixtures.tokens();
        List<String> a = tokens.of("Running to the CAFÉ");
        List<String> b = tokens.of("run to the cafe");
        assertThat(a).isEqualTo(b).hasSize(4);
        assertThat(a).allMatch(t -> t.matches("t[0-9a-f]{20}"));
        assertThat(String.join(" ", a)).doesNotContain("run").doesNotContain("cafe");
        assertThat(tokens.of("walk")).isNotEqualTo(tokens.of("run"));
    }
}
