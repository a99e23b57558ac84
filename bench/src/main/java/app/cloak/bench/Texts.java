package app.cloak.bench;

/** Message bodies made of ordinary words, so the server's search indexing does its usual work. */
final class Texts {
    private static final String[] WORDS = ("the quick brown fox jumps over a lazy dog while we talk about lunch plans "
            + "meeting tomorrow morning coffee project update weekend family photos travel tickets call me later").split(" ");

    private Texts() {}

    /** About {@code bytes} bytes of words (at least one word). */
    static String filler(int bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < bytes; i++) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(WORDS[(i * 7 + 3) % WORDS.length]);
        }
        return sb.toString();
    }
}
