package app.cloak.search.internal;

import java.util.List;
import java.util.Set;

/**
 * The snippet shown with a hit: the decrypted text, HTML-escaped, cut to a window of words around the
 * first match, with every matching word wrapped in {@code <mark>…</mark>}. Matching re-analyses the
 * text, so "Running" is marked for the query "run" exactly as the index matched it.
 */
public final class Snippets {
    /** Texts up to this many characters are shown whole. */
    static final int WHOLE_TEXT_CHARS = 200;
    static final int WORDS_BEFORE = 6;
    static final int WORDS_AFTER = 18;

    private final TextAnalysis analysis;

    public Snippets(TextAnalysis analysis) {
        this.analysis = analysis;
    }

    public String of(String text, Set<String> queryStems) {
        List<TextAnalysis.Term> terms = analysis.terms(text);
        int from = 0;
        int to = text.length();
        if (text.length() > WHOLE_TEXT_CHARS && !terms.isEmpty()) {
            int first = 0;
            for (int i = 0; i < terms.size(); i++) {
                if (queryStems.contains(terms.get(i).stem())) {
                    first = i;
                    break;
                }
            }
            int firstWord = Math.max(0, first - WORDS_BEFORE);
            int lastWord = Math.min(terms.size() - 1, first + WORDS_AFTER);
            from = firstWord == 0 ? 0 : terms.get(firstWord).start();
            to = lastWord == terms.size() - 1 ? text.length() : terms.get(lastWord).end();
            // Very long words (URLs) could still make a huge window: keep it bounded.
            to = Math.min(to, Math.max(terms.get(first).end(), from + 2 * WHOLE_TEXT_CHARS));
            to = Math.min(to, text.length());
        }
        StringBuilder out = new StringBuilder();
        if (from > 0) out.append('…');
        int at = from;
        for (TextAnalysis.Term term : terms) {
            if (term.start() < at || term.end() > to || !queryStems.contains(term.stem())) continue;
            escape(text, at, term.start(), out);
            out.append("<mark>");
            escape(text, term.start(), term.end(), out);
            out.append("</mark>");
            at = term.end();
        }
        escape(text, at, to, out);
        if (to < text.length()) out.append('…');
        return out.toString().strip();
    }

    private static void escape(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
