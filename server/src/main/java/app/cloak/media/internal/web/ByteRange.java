package app.cloak.media.internal.web;

/** One {@code Range: bytes=…} (RFC 9110 §14.1.2); several ranges are answered with the first. */
final class ByteRange {
    private ByteRange() {}

    /** {@code [first, last]} inclusive, or null when unsatisfiable or malformed. */
    static long[] parse(String header, long size) {
        if (!header.startsWith("bytes=") || size == 0) return null;
        String spec = header.substring(6).split(",")[0].strip();
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) return null;
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first < 0 || first >= size || last < first) return null;
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
