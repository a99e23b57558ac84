package app.cloak.archives.internal.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The authors of one parse, looked up by the UTF-8 bytes of the name as written, so a message's author costs no
 * new String: each distinct name is decoded, cleaned ({@link AuthorNames#display}) and keyed
 * ({@link AuthorNames#key}) once. Open addressing; cleared when it holds more than {@link #MAX} names.
 */
final class AuthorCache {
    /** One author as written. */
    record Author(String raw, String display, String key, boolean quoteCase) {
    }

    static final int MAX = 4096;
    private byte[][] names = new byte[64][];
    private Author[] authors = new Author[64];
    private int size;

    Author get(byte[] b, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) h = 31 * h + b[i];
        h ^= h >>> 16;
        int mask = names.length - 1;
        int i = h & mask;
        for (byte[] n; (n = names[i]) != null; i = (i + 1) & mask) {
            if (Arrays.equals(n, 0, n.length, b, from, to)) return authors[i];
        }
        Author a = of(new String(b, from, to - from, StandardCharsets.UTF_8));
        if (size >= MAX) {
            Arrays.fill(names, null);
            Arrays.fill(authors, null);
            size = 0;
        } else if ((size + 1) * 2 > names.length) {
            grow();
            return put(Arrays.copyOfRange(b, from, to), a);
        }
        names[i] = Arrays.copyOfRange(b, from, to);
        authors[i] = a;
        size++;
        return a;
    }

    private Author put(byte[] name, Author a) {
        int h = 1;
        for (byte x : name) h = 31 * h + x;
        h ^= h >>> 16;
        int mask = names.length - 1;
        int i = h & mask;
        while (names[i] != null) i = (i + 1) & mask;
        names[i] = name;
        authors[i] = a;
        size++;
        return a;
    }

    private void grow() {
        byte[][] oldNames = names;
        Author[] oldAuthors = authors;
        names = new byte[oldNames.length * 2][];
        authors = new Author[names.length];
        size = 0;
        for (int k = 0; k < oldNames.length; k++) if (oldNames[k] != null) put(oldNames[k], oldAuthors[k]);
    }

    /** An author from the name as written (also for lines decoded as Strings). */
    static Author of(String raw) {
        String display = AuthorNames.display(raw);
        boolean quote = raw.indexOf('"') >= 0 || raw.indexOf('\u201C') >= 0 || raw.indexOf('\u00AB') >= 0
                || raw.indexOf('\u201E') >= 0;
        return new Author(raw, display, AuthorNames.key(display), quote);
    }
}
