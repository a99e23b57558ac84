package app.cloak.archives.internal.parse;

import java.text.Normalizer;

/** Display names and canonical keys of authors as the export writes them. */
final class AuthorNames {
    private AuthorNames() {
    }

    /** The name without bidi and invisible marks, the no-break spaces made plain, trimmed. */
    static String display(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (MatchingCopy.isInvisible(c)) continue;
            if (c == '\u00A0' || c == '\u202F' || c == '\u2009' || c == '\u2007') c = ' ';
            sb.append(c);
        }
        return sb.toString().strip();
    }

    /**
     * The canonical key: marks removed, the non-contact "~ " prefix dropped, white space collapsed, NFC; a phone
     * number becomes "+" and its digits (Arabic-Indic and Persian digits read as ASCII; spaces, dashes, dots and
     * parentheses dropped).
     */
    static String key(String author) {
        String s = MatchingCopy.normalise(author).strip();
        if (s.startsWith("~")) {
            String rest = s.substring(1).strip();
            if (!rest.isEmpty()) s = rest;
        }
        if (isPhone(s)) {
            StringBuilder sb = new StringBuilder(s.length());
            if (s.charAt(0) == '+') sb.append('+');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') sb.append(c);
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
                continue;
            }
            if (space && !sb.isEmpty()) sb.append(' ');
            space = false;
            sb.append(c);
        }
        return Normalizer.normalize(sb, Normalizer.Form.NFC);
    }

    private static boolean isPhone(String s) {
        if (s.isEmpty()) return false;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') digits++;
            else if (c == '+' && i == 0) continue;
            else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') return false;
        }
        return digits >= 5;
    }
}
