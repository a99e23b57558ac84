package app.cloak.archives.internal.analytics;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;
import org.apache.lucene.util.IOUtils;

/**
 * Stop words per language, from the lists Lucene ships (Snowball's for the European languages, Lucene's own for
 * Turkish and Arabic). The archive's language is the one whose stop words cover most of its tokens: chats are
 * full of "the/you/and" or "der/du/und", so this picks reliably with no model.
 */
final class StopWords {
    static final Map<String, CharArraySet> BY_LANGUAGE = load();

    private StopWords() {}

    private static Map<String, CharArraySet> load() {
        Map<String, CharArraySet> out = new LinkedHashMap<>();
        for (var e : Map.of("en", "english", "de", "german", "fr", "french", "es", "spanish", "it", "italian",
                "pt", "portuguese", "nl", "dutch", "ru", "russian", "id", "indonesian").entrySet()) {
            out.put(e.getKey(), snowball(e.getValue() + "_stop.txt"));
        }
        out.put("tr", TurkishAnalyzer.getDefaultStopSet());
        out.put("ar", ArabicAnalyzer.getDefaultStopSet());
        // Chat English: pronouns and fillers the Snowball list lacks.
        CharArraySet en = new CharArraySet(out.get("en"), false);
        en.addAll(Set.of("im", "i'm", "u", "ur", "ok", "okay", "yeah", "yes", "lol", "just", "dont", "don't", "can't", "it's", "that's", "gonna"));
        out.put("en", CharArraySet.unmodifiableSet(en));
        return out;
    }

    private static CharArraySet snowball(String file) {
        try (Reader reader = IOUtils.getDecodingReader(SnowballFilter.class.getResourceAsStream(file), StandardCharsets.UTF_8)) {
            return CharArraySet.unmodifiableSet(WordlistLoader.getSnowballWordSet(reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
