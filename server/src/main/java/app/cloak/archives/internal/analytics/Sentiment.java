package app.cloak.archives.internal.analytics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lexicon sentiment, offline: each known word or emoji adds its score (-3..3) to the message's. The lexicon
 * ({@code archives/sentiment-lexicon.tsv}) covers English, German, Spanish, French and Portuguese words, and emoji
 * for every language; an archive in another language is scored by its emoji only.
 */
final class Sentiment {
    static final Set<String> LANGUAGES = Set.of("en", "de", "es", "fr", "pt");
    private static final Map<String, Map<String, Integer>> LEXICON = load();

    private Sentiment() {}

    static Map<String, Integer> words(String language) {
        return LEXICON.getOrDefault(language, Map.of());
    }

    static Map<String, Integer> emoji() {
        return LEXICON.getOrDefault("*", Map.of());
    }

    private static Map<String, Map<String, Integer>> load() {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        try (var in = Sentiment.class.getResourceAsStream("/archives/sentiment-lexicon.tsv");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                out.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], Integer.parseInt(f[2].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
