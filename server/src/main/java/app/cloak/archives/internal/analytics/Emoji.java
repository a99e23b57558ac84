package app.cloak.archives.internal.analytics;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * Emoji in a text, one per grapheme cluster (so 👍🏽, 👨‍👩‍👧 and 🇩🇪 count once each, as written). One instance
 * per thread: it keeps its grapheme iterator for the many texts of an archive.
 */
final class Emoji {
    private BreakIterator graphemes;

    List<String> in(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        boolean any = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isEmojiStart(cp)) {
                any = true;
                break;
            }
            i += Character.charCount(cp);
        }
        if (!any) return out;
        if (graphemes == null) graphemes = BreakIterator.getCharacterInstance(java.util.Locale.ROOT);
        graphemes.setText(text);
        int start = graphemes.first();
        for (int end = graphemes.next(); end != BreakIterator.DONE; start = end, end = graphemes.next()) {
            if (isEmojiStart(text.codePointAt(start))) out.add(text.substring(start, end));
        }
        return out;
    }

    private static boolean isEmojiStart(int cp) {
        return Character.isExtendedPictographic(cp) && cp > 0xFF || (cp >= 0x1F1E6 && cp <= 0x1F1FF);
    }
}
