package app.cloak.search.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The blind index's vocabulary: each analysed term becomes {@code "t" + keyed hash}. Without the
 * per-node secret the stored tokens say nothing about the words, yet equal words still meet. The
 * leading letter keeps every token a plain ASCII word that FTS5 and tsvector accept without parsing.
 */
public final class BlindTokens {
    private final TextAnalysis analysis;
    private final UnaryOperator<String> keyedHash;

    /** @param keyedHash term → hex keyed hash (production: HMAC-SHA256 under the "search" secret, 10 bytes). */
    public BlindTokens(TextAnalysis analysis, UnaryOperator<String> keyedHash) {
        this.analysis = analysis;
        this.keyedHash = keyedHash;
    }

    public TextAnalysis analysis() {
        return analysis;
    }

    /**
     * Tokens of recently indexed stems. A chat's words repeat (a language's common words most of all), and a
     * keyed hash per word of every message sent was a tenth of the relay's time (BENCHMARKS.md, ws-send); in
     * memory only, like the messages' opened contents ({@code MessageViews}).
     */
    private final Cache<String, String> recent = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();

    /** Tokens of a message, in order and with repeats (they count for ranking). */
    public List<String> of(String text) {
        List<String> stems = analysis.stems(text);
        List<String> tokens = new ArrayList<>(stems.size());
        for (String stem : stems) tokens.add(recent.get(stem, this::token));
        return tokens;
    }

    public List<String> blind(Collection<String> stems) {
        List<String> tokens = new ArrayList<>(stems.size());
        for (String stem : stems) tokens.add(token(stem));
        return tokens;
    }

    public String token(String stem) {
        return "t" + keyedHash.apply(stem);
    }
}
