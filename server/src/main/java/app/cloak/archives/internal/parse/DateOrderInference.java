package app.cloak.archives.internal.parse;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Decides the date order of an export from the headers in the look-ahead buffer: the year first when a first
 * field is a year; otherwise a field above 12 settles it; otherwise the reading in which time runs forward;
 * otherwise the one with the shorter span; otherwise the layout's usual order. The reason is kept for the report.
 */
final class DateOrderInference {
    /** One header of the look-ahead buffer. */
    record Sample(int line, String date, HeaderScan scan) {
    }

    record Decision(DateOrder order, String reason) {
    }

    private DateOrderInference() {
    }

    static Decision infer(List<Sample> samples, ExportHeaderGrammar grammar) {
        if (samples.isEmpty()) {
            return new Decision(DateOrder.DMY, "no message header found; D/M/Y assumed");
        }
        for (Sample s : samples) {
            HeaderScan h = s.scan();
            if (h.digits[0] >= 3 || h.era[0] != 0 || h.field[0] > 31) {
                return new Decision(DateOrder.YMD, "the year comes first (" + s.date() + " at line " + s.line() + ")");
            }
        }
        Sample firstAbove = null, secondAbove = null;
        int firstCount = 0, secondCount = 0;
        for (Sample s : samples) {
            HeaderScan h = s.scan();
            if (h.field[0] > 12) {
                firstCount++;
                if (firstAbove == null) firstAbove = s;
            }
            if (h.field[1] > 12) {
                secondCount++;
                if (secondAbove == null) secondAbove = s;
            }
        }
        if (firstAbove != null && secondAbove == null) {
            return new Decision(DateOrder.DMY, "a day above 12 in position 1 at line " + firstAbove.line()
                    + " (" + firstAbove.date() + ")");
        }
        if (secondAbove != null && firstAbove == null) {
            return new Decision(DateOrder.MDY, "a day above 12 in position 2 at line " + secondAbove.line()
                    + " (" + secondAbove.date() + ")");
        }
        if (firstAbove != null) {
            DateOrder o = firstCount >= secondCount ? DateOrder.DMY : DateOrder.MDY;
            return new Decision(o, "values above 12 in position 1 (first at line " + firstAbove.line() + ", " + firstCount
                    + " headers) and in position 2 (first at line " + secondAbove.line() + ", " + secondCount
                    + " headers); " + name(o) + " fits more headers");
        }
        Walk dmy = walk(samples, DateOrder.DMY);
        Walk mdy = walk(samples, DateOrder.MDY);
        String ambiguous = "every date has day and month 12 or less (" + samples.size() + " headers read)";
        if (dmy.backward != mdy.backward) {
            DateOrder o = dmy.backward < mdy.backward ? DateOrder.DMY : DateOrder.MDY;
            return new Decision(o, ambiguous + "; read as " + name(o) + " time runs forward more often ("
                    + Math.min(dmy.backward, mdy.backward) + " backward steps against " + Math.max(dmy.backward, mdy.backward) + ")");
        }
        if (dmy.spanDays != mdy.spanDays) {
            DateOrder o = dmy.spanDays < mdy.spanDays ? DateOrder.DMY : DateOrder.MDY;
            return new Decision(o, ambiguous + "; both orders run forward equally and " + name(o)
                    + " gives the shorter span (" + Math.min(dmy.spanDays, mdy.spanDays) + " days against "
                    + Math.max(dmy.spanDays, mdy.spanDays) + ")");
        }
        if (grammar.twelveHour() && grammar.dateSep().equals("/")) {
            return new Decision(DateOrder.MDY, ambiguous + " and both readings fit equally; M/D/Y assumed, the order "
                    + "of exports with a 12-hour clock and slashes (US English)");
        }
        return new Decision(DateOrder.DMY, ambiguous + " and both readings fit equally; D/M/Y assumed, the order of "
                + "most regions");
    }

    static String name(DateOrder o) {
        return switch (o) {
            case DMY -> "D/M/Y";
            case MDY -> "M/D/Y";
            case YMD -> "Y/M/D";
        };
    }

    private record Walk(int backward, long spanDays) {
    }

    private static Walk walk(List<Sample> samples, DateOrder order) {
        boolean[] lenient = new boolean[1];
        LocalDateTime prev = null, min = null, max = null;
        int backward = 0;
        for (Sample s : samples) {
            LocalDateTime t = ExportHeaderGrammar.timestamp(s.scan(), order, lenient);
            if (t == null) continue;
            if (prev != null && t.isBefore(prev)) backward++;
            prev = t;
            if (min == null || t.isBefore(min)) min = t;
            if (max == null || t.isAfter(max)) max = t;
        }
        long span = min == null ? 0 : ChronoUnit.DAYS.between(min, max);
        return new Walk(backward, span);
    }
}
