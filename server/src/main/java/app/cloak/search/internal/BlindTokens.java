package app.cloak.search.internal;

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

    /** Tokens of a message, in order and with repeats (they count for ranking). */
    public List<String> of(String text) {
        return blind(analysis.stems(text));
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
