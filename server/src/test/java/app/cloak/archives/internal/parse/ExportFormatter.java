package app.cloak.archives.internal.parse;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Writes chats the way WhatsApp's exporter does for one layout (platform, date order, separators, clock, AM/PM
 * token, digits, calendar), for the round-trip properties. Also used to describe a layout in failure messages.
 */
record ExportFormatter(boolean ios, DateOrder order, char dateSep, boolean twoDigitYear, boolean padded, String between,
                       char timeSep, int ampmStyle, String ampmSpace, char digits, char calendar, boolean timeFirst,
                       int monthNames, boolean yearless) {

    /** Month names by language for month-name layouts ({@code monthNames} indexes this; -1 writes numbers). */
    static final String[][] MONTHS = {
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
            {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
            {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
            {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
            {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
            {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}};

    /** A message to write: author as written, its lines, its time. */
    record Message(LocalDateTime time, String author, List<String> lines) {
    }

    static final String[][] AMPM = {{"AM", "PM"}, {"am", "pm"}, {"a.m.", "p.m."}, {"a.\u00A0m.", "p.\u00A0m."},
            {"\u0635", "\u0645"}};

    boolean twelveHour() {
        return ampmStyle >= 0;
    }

    String header(LocalDateTime t) {
        String date = date(t);
        String time = time(t);
        if (ios) return "[" + (timeFirst ? time + ", " + date : date + between + time) + "] ";
        return date + between + time + " - ";
    }

    String format(List<Message> chat) {
        StringBuilder sb = new StringBuilder();
        for (Message m : chat) {
            sb.append(header(m.time())).append(m.author()).append(": ").append(String.join("\n", m.lines()));
            sb.append(ios ? "\r\n" : "\n");
        }
        return sb.toString();
    }

    private String date(LocalDateTime t) {
        if (monthNames >= 0) {
            // "3 Jan 2021" / "Jan 3, 2021" (order MDY), the year left out in year-less layouts
            String d = num(t.getDayOfMonth(), padded ? 2 : 1);
            String name = MONTHS[monthNames][t.getMonthValue() - 1];
            String y = String.valueOf(t.getYear());
            if (order == DateOrder.MDY) return name + " " + d + (yearless ? "" : ", " + y);
            return d + " " + name + (yearless ? "" : " " + y);
        }
        String d = num(t.getDayOfMonth(), padded ? 2 : 1);
        String m = num(t.getMonthValue(), padded ? 2 : 1);
        String y = switch (calendar) {
            case 'B' -> num(t.getYear() + 543, 4);
            case 'J' -> "R" + num(t.getYear() - 2018, 1);
            default -> twoDigitYear ? num(t.getYear() % 100, 2) : num(t.getYear(), 4);
        };
        String sep = String.valueOf(dateSep);
        String mark = digits == 'A' ? "\u200F" : "";
        String s = switch (order) {
            case DMY -> d + mark + sep + m + mark + sep + y;
            case MDY -> m + mark + sep + d + mark + sep + y;
            case YMD -> y + mark + sep + m + mark + sep + d;
        };
        return calendar == 'B' ? s + " BE" : s;
    }

    private String time(LocalDateTime t) {
        int h = t.getHour();
        String suffix = "";
        if (twelveHour()) {
            suffix = ampmSpace + AMPM[ampmStyle][h < 12 ? 0 : 1];
            h = h % 12 == 0 ? 12 : h % 12;
        }
        String s = num(h, twelveHour() ? 1 : 2) + timeSep + num(t.getMinute(), 2);
        if (ios) s += timeSep + num(t.getSecond(), 2);
        return s + suffix;
    }

    private String num(int v, int width) {
        String s = String.valueOf(v);
        while (s.length() < width) s = "0" + s;
        if (digits == 'L') return s;
        char zero = digits == 'A' ? '\u0660' : '\u06F0';
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) sb.append((char) (zero + (c - '0')));
        return sb.toString();
    }
}
