package app.cloak.archives.internal.parse;

import java.time.LocalDateTime;

/**
 * The header layout of one export, inferred once per file: a line starts a message only when its header has
 * exactly this layout (brackets, field order, separators, seconds, clock, calendar, closing separator).
 * Field widths and the AM/PM token itself may vary; everything else must match.
 */
record ExportHeaderGrammar(boolean bracket, boolean timeFirst, String dateSep, boolean trailingDot,
                           String dateTimeSep, char timeSep, boolean seconds, boolean twelveHour, char calendar,
                           boolean strayDot, int close, boolean monthName, boolean monthFirst, boolean weekday) {

    static final char GREGORIAN = 'G', BUDDHIST = 'B', JAPANESE = 'J';

    static ExportHeaderGrammar of(HeaderScan h, char[] s) {
        return new ExportHeaderGrammar(h.bracket, h.timeFirst, new String(s, h.dateSepStart, h.dateSepEnd - h.dateSepStart),
                h.trailingDot, new String(s, h.dateTimeSepStart, h.dateTimeSepEnd - h.dateTimeSepStart), h.timeSep,
                h.seconds, h.ampm != 0, calendarOf(h), h.strayDot, h.close, h.monthName, h.monthName && h.monthFirst,
                h.monthName && h.weekday);
    }

    private static char calendarOf(HeaderScan h) {
        if (h.buddhist) return BUDDHIST;
        if (h.era[0] != 0 || h.era[2] != 0) return JAPANESE;
        return GREGORIAN;
    }

    boolean matches(HeaderScan h, char[] s) {
        return h.bracket == bracket && h.timeFirst == timeFirst && h.trailingDot == trailingDot
                && h.timeSep == timeSep && h.seconds == seconds && (h.ampm != 0) == twelveHour
                && h.strayDot == strayDot && h.close == close && calendarOf(h) == calendar
                && h.monthName == monthName && (!monthName || h.monthFirst == monthFirst && h.weekday == weekday)
                && same(s, h.dateSepStart, h.dateSepEnd, dateSep)
                && same(s, h.dateTimeSepStart, h.dateTimeSepEnd, dateTimeSep);
    }

    private static boolean same(char[] s, int from, int to, String t) {
        if (to - from != t.length()) return false;
        for (int k = 0; k < t.length(); k++) if (s[from + k] != t.charAt(k)) return false;
        return true;
    }

    String platform() {
        if (bracket) return "ios";
        if (close == HeaderScan.CLOSE_DASH && !seconds) return "android";
        return "unknown";
    }

    /** Index of the year field for a date order. */
    static int yearIndex(DateOrder order) {
        return order == DateOrder.YMD ? 0 : 2;
    }

    /** The calendar year a scanned year field stands for. */
    static int year(HeaderScan h, int idx) {
        int y = h.field[idx];
        char era = h.era[idx];
        if (era != 0) return eraBase(era) + y;
        if (h.buddhist) return y - 543;
        if (h.digits[idx] <= 2) return 2000 + y;
        return y;
    }

    private static int eraBase(char era) {
        return switch (era) {
            case 'R' -> 2018; // Reiwa 1 = 2019
            case 'H' -> 1988; // Heisei 1 = 1989
            case 'S' -> 1925; // Showa 1 = 1926
            case 'T' -> 1911; // Taisho 1 = 1912
            default -> 1867;  // Meiji 1 = 1868
        };
    }

    /**
     * The timestamp of a scanned header read in {@code order}, or null when the date or time does not exist.
     * A 12-hour time that cannot be (13:37 PM, 00:04 AM) is kept as written; {@code lenient[0]} says so.
     */
    static LocalDateTime timestamp(HeaderScan h, DateOrder order, boolean[] lenient) {
        if (h.monthName) order = DateOrder.DMY; // the scan keeps day, month (the name), year in this order
        int yi = yearIndex(order);
        int mi = order == DateOrder.MDY ? 0 : 1;
        int di = order == DateOrder.DMY ? 0 : order == DateOrder.MDY ? 1 : 2;
        if (h.era[mi] != 0 || h.era[di] != 0) return null;
        int year = year(h, yi);
        int month = h.field[mi];
        int day = h.field[di];
        if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1 || year > 9999) return null;
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) return null;
        int hour = h.hour;
        lenient[0] = false;
        if (h.ampm != 0) {
            if (hour >= 1 && hour <= 11) {
                if (h.ampm == HeaderScan.PM) hour += 12;
            } else if (hour == 12) {
                if (h.ampm == HeaderScan.AM) hour = 0;
            } else {
                lenient[0] = true; // 0:xx or 13..23 with a marker: keep the 24-hour value
            }
        }
        if (hour > 23 || h.minute > 59 || h.second > 59) return null;
        return LocalDateTime.of(year, month, day, hour, h.minute, h.second);
    }
}
