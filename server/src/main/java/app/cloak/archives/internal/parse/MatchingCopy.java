package app.cloak.archives.internal.parse;

/**
 * A normalised copy of one line, for matching only (the raw line is kept for display): bidi and invisible marks
 * deleted, the no-break and thin spaces turned into a space, Arabic-Indic and Persian digits turned into ASCII
 * digits, the Arabic comma into a comma. {@link #rawIndex} maps each copied position back to the raw line.
 * The arrays are reused from line to line.
 */
final class MatchingCopy {
    char[] chars = new char[256];
    int[] rawIndex = new int[257];
    int length;
    /** Whether the whole line was copied (else only its first {@code limit} characters). */
    boolean whole;

    void copy(String raw) {
        copy(raw, Integer.MAX_VALUE);
    }

    /** Copies at most the first {@code limit} characters of the line (a header and an author fit in far fewer). */
    void copy(String raw, int limit) {
        int n = Math.min(raw.length(), limit);
        whole = n == raw.length();
        asciiRun = 0;
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
            rawIndex = new int[chars.length + 1];
        }
        char[] out = chars;
        int[] map = rawIndex;
        int j = 0;
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c >= 0x80) {
                if (isInvisible(c)) continue;
                c = map(c);
            }
            out[j] = c;
            map[j] = i;
            j++;
        }
        map[j] = n;
        length = j;
    }

    /**
     * Decodes and copies at most {@code limit} characters of the UTF-8 line {@code b[from..to)} with the same
     * normalisation as {@link #copy(String, int)}; {@link #raw} then maps to byte offsets from {@code from}.
     * A malformed byte becomes U+FFFD (the parser decodes what it keeps with the JDK, which does the same).
     */
    void copyUtf8(byte[] b, int from, int to, int limit) {
        if (chars.length < limit + 2) {
            chars = new char[limit + 2];
            rawIndex = new int[chars.length + 1];
        }
        char[] out = chars;
        int[] map = rawIndex;
        // the ASCII start (usually the whole header and author): positions map to themselves
        int stop = Math.min(to, from + limit);
        int i = from;
        while (i < stop && b[i] >= 0) {
            out[i - from] = (char) b[i];
            i++;
        }
        int j = i - from, count = j;
        asciiRun = j;
        while (i < to && count < limit) {
            int b0 = b[i];
            if (b0 >= 0) { // ASCII
                out[j] = (char) b0;
                map[j++] = i - from;
                i++;
                count++;
                continue;
            }
            b0 &= 0xFF;
            int len;
            int cp;
            if ((b0 & 0xE0) == 0xC0 && i + 1 < to && (b[i + 1] & 0xC0) == 0x80 && b0 >= 0xC2) {
                cp = ((b0 & 0x1F) << 6) | (b[i + 1] & 0x3F);
                len = 2;
            } else if ((b0 & 0xF0) == 0xE0 && i + 2 < to && (b[i + 1] & 0xC0) == 0x80 && (b[i + 2] & 0xC0) == 0x80) {
                cp = ((b0 & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
                len = 3;
                if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
            } else if ((b0 & 0xF8) == 0xF0 && i + 3 < to && (b[i + 1] & 0xC0) == 0x80 && (b[i + 2] & 0xC0) == 0x80
                    && (b[i + 3] & 0xC0) == 0x80) {
                cp = ((b0 & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
                len = 4;
                if (cp < 0x10000 || cp > 0x10FFFF) cp = 0xFFFD;
            } else {
                cp = 0xFFFD;
                len = 1;
            }
            if (cp >= 0x10000) {
                out[j] = Character.highSurrogate(cp);
                map[j++] = i - from;
                out[j] = Character.lowSurrogate(cp);
                map[j++] = i - from;
                count += 2;
            } else {
                char c = (char) cp;
                count++;
                if (!isInvisible(c)) {
                    out[j] = map(c);
                    map[j++] = i - from;
                }
            }
            i += len;
        }
        map[j] = i - from;
        length = j;
        whole = i >= to;
    }

    /** Raw index of the copied position {@code j} (the raw length at the end). */
    int raw(int j) {
        return j < asciiRun ? j : rawIndex[j];
    }

    /** Leading positions copied from ASCII bytes, which map to themselves (rawIndex is not filled for them). */
    private int asciiRun;

    String text(int from, int to) {
        return new String(chars, from, to - from);
    }

    /** Bidi controls and zero-width marks that carry no text (not U+200D, which joins emoji). */
    static boolean isInvisible(char c) {
        return c == '\u200E' || c == '\u200F' || c == '\uFEFF' || c == '\u200B' || c == '\u061C'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    static char map(char c) {
        if (c == '\u00A0' || c == '\u202F' || c == '\u2009' || c == '\u2007') return ' ';
        if (c >= '\u0660' && c <= '\u0669') return (char) ('0' + (c - '\u0660'));
        if (c >= '\u06F0' && c <= '\u06F9') return (char) ('0' + (c - '\u06F0'));
        if (c == '\u060C') return ',';
        if (c == '\u2011' || c == '\u2010') return '-';
        return c;
    }

    /** The text with invisible marks deleted and the same mapping as the copy (a one-off String). */
    static String normalise(String raw) {
        StringBuilder sb = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 0x80 && (isInvisible(c) || map(c) != c)) {
                if (sb == null) sb = new StringBuilder(raw.length()).append(raw, 0, i);
                if (!isInvisible(c)) sb.append(map(c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? raw : sb.toString();
    }

    /** Removes only the marks (bidi, BOM, zero-width space), keeping digits and spaces as written. */
    static String stripMarks(String raw) {
        StringBuilder sb = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 0x80 && isInvisible(c)) {
                if (sb == null) sb = new StringBuilder(raw.length()).append(raw, 0, i);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? raw : sb.toString();
    }
}
