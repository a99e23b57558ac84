package app.cloak.archives.internal.parse;

/**
 * Reads the header ({@code [date, time] } or {@code date, time - } and their variants) at the start of a
 * {@link MatchingCopy}. The scan is lenient about the layout; {@link ExportHeaderGrammar} then makes the file's
 * parse strict by accepting only headers with the layout inferred for the file. One instance is reused per parse.
 */
final class HeaderScan {
    static final int CLOSE_BRACKET = 1, CLOSE_DASH = 2, CLOSE_COLON = 3, CLOSE_SEMICOLON = 4, CLOSE_SPACE = 5;
    static final int AM = 1, PM = 2;

    boolean bracket;
    boolean timeFirst;
    final int[] field = new int[3];
    final int[] digits = new int[3];
    /** Japanese era letter (M, T, S, H, R) written before the field, else 0. */
    final char[] era = new char[3];
    boolean buddhist;
    int dateSepStart, dateSepEnd;
    boolean trailingDot;
    int dateTimeSepStart, dateTimeSepEnd;
    int hour, minute, second;
    boolean seconds;
    char timeSep;
    int ampm;
    boolean strayDot;
    int close;
    int bodyStart;
    /** Whether month names are tried ("28 Aug 2013", "Mar 5, 2013"); set by the caller. */
    boolean names = true;
    /** The month was written as a name; {@link #field} then holds day, month, year. */
    boolean monthName;
    /** A month name came before the day ("Aug 28, 2013"). */
    boolean monthFirst;
    /** A weekday name came first ("Tuesday, 25 April 2022"). */
    boolean weekday;
    /** A month-name date without a year ("18 Mar", "Mar 5"); the caller fills {@code field[2]}. */
    boolean yearless;

    /** Scans {@code s[0..n)}; true when the line starts with a header of any known layout. */
    boolean scan(char[] s, int n) {
        int i = 0;
        bracket = false;
        ampm = 0;
        if (n > 0 && s[0] == '[') {
            bracket = true;
            i = 1;
        }
        int e = dateFirst(s, i, n);
        if (e < 0) {
            ampm = 0;
            e = timeFirst(s, i, n);
            if (e < 0) return false;
        }
        i = e;
        if (bracket) {
            if (i >= n || s[i] != ']') return false;
            i++;
            if (i < n && s[i] == ' ') i++;
            close = CLOSE_BRACKET;
        } else if (at(s, i, n, " - ")) {
            close = CLOSE_DASH;
            i += 3;
        } else if (at(s, i, n, ": ")) {
            close = CLOSE_COLON;
            i += 2;
        } else if (at(s, i, n, "; ")) {
            close = CLOSE_SEMICOLON;
            i += 2;
        } else if (i < n && s[i] == ' ') {
            close = CLOSE_SPACE;
            i++;
        } else {
            return false;
        }
        bodyStart = i;
        return true;
    }

    private int dateFirst(char[] s, int i, int n) {
        int e = date(s, i, n);
        if (e < 0) return -1;
        timeFirst = false;
        int k = e;
        while (k < n && k - e <= 12 && !digit(s[k]) && s[k] != '[' && s[k] != ']') k++;
        if (k >= n || k == e || !digit(s[k])) return -1;
        dateTimeSepStart = e;
        dateTimeSepEnd = k;
        int cjk = cjkMarker(s, k - 2, n);
        if (cjk != 0 && k - 2 >= e) {
            ampm = cjk;
            dateTimeSepEnd = k - 2;
            if (dateTimeSepEnd == e) return -1;
        }
        return time(s, k, n);
    }

    private int timeFirst(char[] s, int i, int n) {
        int e = time(s, i, n);
        if (e < 0) return -1;
        timeFirst = true;
        int k = e;
        while (k < n && k - e <= 12 && !digit(s[k]) && s[k] != '[' && s[k] != ']' && !nameStart(s, k, n)) k++;
        if (k >= n || k == e || !digit(s[k]) && !eraStart(s, k, n) && !nameStart(s, k, n)) return -1;
        dateTimeSepStart = e;
        dateTimeSepEnd = k;
        return date(s, k, n);
    }

    private int date(char[] s, int i, int n) {
        monthName = false;
        int e = numericDate(s, i, n);
        if (e >= 0 || !names) return e;
        return nameDate(s, i, n);
    }

    /**
     * A date with the month as a name: day first ("28 Aug 2013", "12. Jan. 2024", "18 Mar") or month first
     * ("Aug 28, 2013", "Mar 5"); the year is optional. Month names come from {@link MonthNames}.
     */
    private int nameDate(char[] s, int i, int n) {
        era[0] = era[1] = era[2] = 0;
        buddhist = false;
        trailingDot = false;
        weekday = false;
        int w = i;
        while (w < n && w - i < 12 && Character.isLetter(s[w])) w++;
        if (w - i >= 2 && MonthNames.weekday(s, i, w)) {
            if (w < n && s[w] == '.') w++;
            if (w < n && s[w] == ',') w++;
            if (w < n && s[w] == ' ') {
                int r = nameDateBody(s, w + 1, n);
                if (r >= 0) {
                    weekday = true;
                    return r;
                }
            }
        }
        return nameDateBody(s, i, n); // "Mar" is also a French weekday abbreviation
    }

    private int nameDateBody(char[] s, int i, int n) {
        int p;
        if (i < n && digit(s[i])) {
            int e = day(s, i, n);
            if (e < 0) return -1;
            int ss = e;
            while (e < n && e - ss < 3 && (s[e] == ' ' || s[e] == '.' || s[e] == '-')) e++;
            if (e == ss) return -1;
            int m = month(s, e, n);
            if (m < 0) return -1;
            dateSepStart = ss;
            dateSepEnd = e;
            monthFirst = false;
            p = year(s, m, n, true);
        } else {
            int m = month(s, i, n);
            if (m < 0) return -1;
            int ss = m;
            while (m < n && m - ss < 2 && (s[m] == ' ' || s[m] == '-')) m++;
            if (m == ss) return -1;
            int e = day(s, m, n);
            if (e < 0 || e < n && (s[e] == ':' || s[e] == '.' && e + 1 < n && digit(s[e + 1]))) return -1;
            dateSepStart = ss;
            dateSepEnd = m;
            monthFirst = true;
            p = year(s, e, n, false);
        }
        monthName = true;
        return p;
    }

    /** One or two digits of a day into {@code field[0]}; the end, or -1. */
    private int day(char[] s, int i, int n) {
        int st = i;
        int v = 0;
        while (i < n && i - st < 2 && digit(s[i])) v = v * 10 + (s[i++] - '0');
        if (i == st || i < n && digit(s[i])) return -1;
        field[0] = v;
        digits[0] = i - st;
        return i;
    }

    /** A month name (and one full stop after it) into {@code field[1]}; the end, or -1. */
    private int month(char[] s, int i, int n) {
        int st = i;
        while (i < n && i - st < 12 && Character.isLetter(s[i])) i++;
        if (i - st < 3 || i < n && Character.isLetter(s[i])) return -1;
        int m = MonthNames.month(s, st, i);
        if (m == 0) return -1;
        field[1] = m;
        digits[1] = 2;
        if (i < n && s[i] == '.') i++;
        return i;
    }

    /** An optional year after a month-name date (2 or 4 digits day-first, 4 month-first), not the time's hour. */
    private int year(char[] s, int p, int n, boolean twoDigits) {
        int q = p;
        while (q < n && q - p < 2 && (s[q] == ' ' || s[q] == ',' || s[q] == '-' || s[q] == '.')) q++;
        int st = q;
        int v = 0;
        while (q < n && q - st < 4 && digit(s[q])) v = v * 10 + (s[q++] - '0');
        int d = q - st;
        boolean isYear = q > p && (d == 4 || d == 2 && twoDigits) && (q >= n || !digit(s[q]))
                && !(q < n && (s[q] == ':' || s[q] == '.' && q + 1 < n && digit(s[q + 1])));
        if (!isYear) {
            yearless = true;
            field[2] = 0;
            digits[2] = 4;
            return p;
        }
        yearless = false;
        field[2] = v;
        digits[2] = d;
        return q;
    }

    private int numericDate(char[] s, int i, int n) {
        int p = field(s, i, n, 0);
        if (p < 0) return -1;
        int ss = p;
        boolean mark = false;
        while (p < n && p - ss < 3 && (s[p] == '/' || s[p] == '.' || s[p] == '-' || s[p] == ' ')) {
            if (s[p] != ' ') mark = true;
            p++;
        }
        if (!mark) return -1;
        dateSepStart = ss;
        dateSepEnd = p;
        p = field(s, p, n, 1);
        if (p < 0 || era[1] != 0) return -1;
        int len = dateSepEnd - dateSepStart;
        if (p + len > n) return -1;
        for (int k = 0; k < len; k++) if (s[p + k] != s[dateSepStart + k]) return -1;
        p = field(s, p + len, n, 2);
        if (p < 0) return -1;
        buddhist = false;
        if (at(s, p, n, " BE") && (p + 3 >= n || !Character.isLetter(s[p + 3]))) {
            buddhist = true;
            p += 3;
        }
        trailingDot = false;
        if (p < n && s[p] == '.' && s[dateSepStart] == '.') {
            trailingDot = true;
            p++;
        }
        return p;
    }

    private int field(char[] s, int i, int n, int idx) {
        era[idx] = 0;
        if (eraStart(s, i, n)) {
            era[idx] = s[i];
            i++;
        }
        int st = i;
        int v = 0;
        while (i < n && i - st < 4 && digit(s[i])) v = v * 10 + (s[i++] - '0');
        if (i == st || i < n && digit(s[i])) return -1;
        field[idx] = v;
        digits[idx] = i - st;
        return i;
    }

    /** Two letters in a row where month names are allowed (an era letter is followed by a digit). */
    private boolean nameStart(char[] s, int k, int n) {
        return names && k + 1 < n && Character.isLetter(s[k]) && Character.isLetter(s[k + 1]);
    }

    private static boolean eraStart(char[] s, int i, int n) {
        if (i + 1 >= n || !digit(s[i + 1])) return false;
        char c = s[i];
        return c == 'R' || c == 'H' || c == 'S' || c == 'T' || c == 'M';
    }

    private int time(char[] s, int i, int n) {
        int st = i;
        int h = 0;
        while (i < n && i - st < 2 && digit(s[i])) h = h * 10 + (s[i++] - '0');
        if (i == st || i >= n || digit(s[i])) return -1;
        char sep = s[i];
        if (sep != ':' && sep != '.') return -1;
        i++;
        if (i + 1 >= n || !digit(s[i]) || !digit(s[i + 1]) || (i + 2 < n && digit(s[i + 2]))) return -1;
        int m = (s[i] - '0') * 10 + (s[i + 1] - '0');
        i += 2;
        seconds = false;
        int sec = 0;
        if (i + 2 < n && s[i] == sep && digit(s[i + 1]) && digit(s[i + 2]) && (i + 3 >= n || !digit(s[i + 3]))) {
            sec = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
            seconds = true;
            i += 3;
        }
        strayDot = false;
        if (i < n && s[i] == '.' && sep != '.' && (i + 1 >= n || s[i + 1] == ' ' || s[i + 1] == ']')) {
            // "13:34. - " (a stray dot after the time); not an "a.m." token, which needs a letter first
            strayDot = true;
            i++;
        }
        hour = h;
        minute = m;
        second = sec;
        timeSep = sep;
        int q = i;
        while (q < n && q - i < 2 && s[q] == ' ') q++;
        int end = ampmToken(s, q, n);
        if (end > 0) {
            i = end;
        }
        return i;
    }

    private static final String[] LATIN_TOKENS = {"a. m.", "p. m.", "a.m.", "p.m.", "am", "pm"};
    private static final String[] OTHER_TOKENS = {"\u0635", "\u0645", "\u4E0A\u5348", "\u4E0B\u5348", "\u5348\u524D",
            "\u5348\u5F8C", "\uC624\uC804", "\uC624\uD6C4"};
    private static final int[] OTHER_VALUES = {AM, PM, AM, PM, AM, PM, AM, PM};

    /** Matches an AM/PM token at {@code q}; sets {@link #ampm} and returns the end, else -1. */
    private int ampmToken(char[] s, int q, int n) {
        if (q >= n) return -1;
        char c = Character.toLowerCase(s[q]);
        if (c == 'a' || c == 'p') {
            for (String t : LATIN_TOKENS) {
                int len = t.length();
                if (q + len > n) continue;
                boolean ok = true;
                for (int k = 0; k < len && ok; k++) ok = Character.toLowerCase(s[q + k]) == t.charAt(k);
                if (ok && (q + len >= n || !Character.isLetterOrDigit(s[q + len]))) {
                    ampm = c == 'a' ? AM : PM;
                    return q + len;
                }
            }
            return -1;
        }
        if (c < '\u0600') return -1;
        for (int k = 0; k < OTHER_TOKENS.length; k++) {
            String t = OTHER_TOKENS[k];
            if (at(s, q, n, t) && (q + t.length() >= n || !Character.isLetterOrDigit(s[q + t.length()]))) {
                ampm = OTHER_VALUES[k];
                return q + t.length();
            }
        }
        return -1;
    }

    /** A CJK two-character AM/PM marker written before the time, at {@code i}; 0 if none. */
    private static int cjkMarker(char[] s, int i, int n) {
        if (i < 0 || s[i] < '\u3000') return 0;
        for (int k = 2; k < OTHER_TOKENS.length; k++) {
            if (at(s, i, n, OTHER_TOKENS[k])) return OTHER_VALUES[k];
        }
        return 0;
    }

    static boolean at(char[] s, int i, int n, String t) {
        int len = t.length();
        if (i < 0 || i + len > n) return false;
        for (int k = 0; k < len; k++) if (s[i + k] != t.charAt(k)) return false;
        return true;
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A copy of the scanned values (for the date-order inference, which looks at many headers at once). */
    HeaderScan copy() {
        HeaderScan c = new HeaderScan();
        c.bracket = bracket;
        c.timeFirst = timeFirst;
        System.arraycopy(field, 0, c.field, 0, 3);
        System.arraycopy(digits, 0, c.digits, 0, 3);
        System.arraycopy(era, 0, c.era, 0, 3);
        c.buddhist = buddhist;
        c.hour = hour;
        c.minute = minute;
        c.second = second;
        c.seconds = seconds;
        c.timeSep = timeSep;
        c.ampm = ampm;
        c.close = close;
        c.monthName = monthName;
        c.weekday = weekday;
        c.monthFirst = monthFirst;
        c.yearless = yearless;
        return c;
    }
}
