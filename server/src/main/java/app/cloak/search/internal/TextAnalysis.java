package app.cloak.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.tartarus.snowball.SnowballStemmer;

/**
 * Turns text into the terms we index and match: Unicode word segmentation, lower case, accent
 * folding, then the configured language's stemmer. Messages and queries go through the same
 * chain, so "Café", "cafe" and "CAFES" meet on one term. Thread-safe.
 */
public final class TextAnalysis {
    /** One term and where its word sits in the analysed text (UTF-16 offsets). */
    public record Term(String stem, int start, int end) {}

    private final Analyzer analyzer;
    /** The same chain without the stemmer: the words {@link #stemmer()} turns into the terms. */
    private final Analyzer folding;
    private final String stemmer;

    public TextAnalysis(String language) {
        String stemmer = stemmerName(language);
        this.stemmer = stemmer;
        this.folding = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                return new TokenStreamComponents(source, new ASCIIFoldingFilter(new LowerCaseFilter(source)));
            }
        };
        this.analyzer = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(source));
                if (stemmer != null) stream = new SnowballFilter(stream, stemmer);
                return new TokenStreamComponents(source, stream);
            }
        };
        terms("warm up"); // fails at start-up, not on the first message, when the stemmer is unknown
    }

    public List<Term> terms(String text) {
        List<Term> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (term.length() > 0) terms.add(new Term(term.toString(), offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return terms;
    }

    public List<String> stems(String text) {
        return terms(text).stream().map(Term::stem).toList();
    }

    /**
     * The words of {@code text} before stemming (segmented, lower-cased, accent-folded): {@link #stems} is these
     * words each passed through {@link #stemmer()}. For bulk indexing, where a chat's words repeat and each
     * distinct word need be stemmed (and hashed) once.
     */
    public List<String> words(String text) {
        List<String> words = new ArrayList<>();
        try (TokenStream stream = folding.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (term.length() > 0) words.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    /** The configured stemmer as a function, for one thread (a Snowball stemmer keeps state). */
    public UnaryOperator<String> stemmer() {
        if (stemmer == null) return UnaryOperator.identity();
        SnowballStemmer stem;
        try {
            stem = (SnowballStemmer) Class.forName("org.tartarus.snowball.ext." + stemmer + "Stemmer").getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e); // checked at start-up by stemmerName
        }
        return word -> {
            stem.setCurrent(word);
            stem.stem();
            return stem.getCurrent();
        };
    }

    /** "english" → "English" (Lucene finds {@code org.tartarus.snowball.ext.EnglishStemmer}); "none" → no stemming. */
    static String stemmerName(String language) {
        String name = language.trim().toLowerCase(Locale.ROOT);
        if (name.equals("none")) return null;
        if (!name.matches("[a-z]+")) throw new IllegalArgumentException("cloak.search.language: unknown stemmer '" + language + "'");
        String className = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        try {
            Class.forName("org.tartarus.snowball.ext." + className + "Stemmer");
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("cloak.search.language: unknown stemmer '" + language
                    + "' (use a Snowball language such as english, german, french, spanish, or none)");
        }
        return className;
    }
}
