package app.cloak.archives.internal.parse;

/** A small open-addressing set of non-zero longs (packed phrase prefixes), built once, read by many threads. */
final class LongSet {
    private long[] slots = new long[16];
    private int size;

    void add(long v) {
        if (v == 0) throw new IllegalArgumentException("0 is the empty slot");
        if (contains(v)) return;
        if ((size + 1) * 3 > slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (long o : old) if (o != 0) add(o);
        }
        int mask = slots.length - 1;
        int i = index(v, mask);
        while (slots[i] != 0) i = (i + 1) & mask;
        slots[i] = v;
        size++;
    }

    boolean contains(long v) {
        long[] s = slots;
        int mask = s.length - 1;
        for (int i = index(v, mask); ; i = (i + 1) & mask) {
            long x = s[i];
            if (x == v) return true;
            if (x == 0) return false;
        }
    }

    private static int index(long v, int mask) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
