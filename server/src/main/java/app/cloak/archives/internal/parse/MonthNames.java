package app.cloak.archives.internal.parse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Month names and abbreviations as headers write them ("28 Aug 2013", "Mar 5, 8:11 PM"; notes §2.3), in the
 * languages of the notes whose scripts have month words: en, de, nl, fr, es, pt, it, tr, cs, ru (nominative and
 * genitive, full and abbreviated). No abbreviation stands for two different months across these languages, so a
 * file's language need not be known. Compared in lower case; one full stop after a name is skipped by the scan.
 */
final class MonthNames {
    private static final Map<String, Integer> MONTHS = new HashMap<>();
    private static final int MAX = 12;

    static {
        add(1, "january", "jan", "januar", "jän", "jänner", "januari", "janvier", "janv", "enero", "ene", "janeiro",
                "gennaio", "gen", "ocak", "leden", "ledna", "led", "январь", "января", "янв");
        add(2, "february", "feb", "februar", "februari", "février", "févr", "fevr", "febrero", "fevereiro", "fev",
                "febbraio", "şubat", "şub", "únor", "února", "úno", "февраль", "февраля", "фев", "февр");
        add(3, "march", "mar", "märz", "mär", "mrz", "maart", "mrt", "mars", "marzo", "março", "mart", "březen",
                "března", "bře", "март", "марта", "мар");
        add(4, "april", "apr", "avril", "avr", "abril", "abr", "aprile", "nisan", "nis", "duben", "dubna", "dub",
                "апрель", "апреля", "апр");
        add(5, "may", "mai", "mei", "mayo", "maio", "maggio", "mag", "mayıs", "may", "květen", "května", "kvě",
                "май", "мая");
        add(6, "june", "jun", "juni", "juin", "junio", "junho", "giugno", "giu", "haziran", "haz", "červen", "června",
                "čvn", "июнь", "июня", "июн");
        add(7, "july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug", "temmuz", "tem",
                "červenec", "července", "čvc", "июль", "июля", "июл");
        add(8, "august", "aug", "augustus", "août", "aout", "agosto", "ago", "ağustos", "ağu", "srpen", "srpna",
                "srp", "август", "августа", "авг");
        add(9, "september", "sep", "sept", "septembre", "septiembre", "setiembre", "set", "setembro", "settembre",
                "eylül", "eyl", "září", "zář", "сентябрь", "сентября", "сен", "сент");
        add(10, "october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott", "ekim",
                "eki", "říjen", "října", "říj", "октябрь", "октября", "окт");
        add(11, "november", "nov", "novembre", "noviembre", "novembro", "kasım", "kas", "listopad", "listopadu",
                "lis", "ноябрь", "ноября", "ноя", "нояб");
        add(12, "december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dezembro", "dicembre",
                "aralık", "ara", "prosinec", "prosince", "pro", "декабрь", "декабря", "дек");
    }

    /** Weekday names and abbreviations, same languages ("Tuesday, 25 April 2022", notes §2.3). */
    private static final java.util.Set<String> WEEKDAYS = java.util.Set.of(
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
            "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
            "mo", "di", "mi", "do", "fr", "sa", "so",
            "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
            "ma", "wo", "vr", "za", "zo",
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            "lun", "mar", "mer", "jeu", "ven", "sam", "dim",
            "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
            "mié", "jue", "vie", "sáb", "dom",
            "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "segunda", "terça", "quarta",
            "quinta", "sexta", "seg", "ter", "qua", "qui", "sex",
            "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "gio", "sab",
            "pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar",
            "pondělí", "úterý", "středa", "čtvrtek", "pátek", "sobota", "neděle",
            "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
            "пн", "вт", "ср", "чт", "пт", "сб", "вс");

    private MonthNames() {
    }

    /** Whether {@code s[from..to)} is a weekday name. */
    static boolean weekday(char[] s, int from, int to) {
        if (to - from > MAX) return false;
        char[] lower = new char[to - from];
        for (int i = from; i < to; i++) lower[i - from] = Character.toLowerCase(s[i]);
        return WEEKDAYS.contains(new String(lower));
    }

    private static void add(int month, String... names) {
        for (String n : names) {
            Integer old = MONTHS.put(n.toLowerCase(Locale.ROOT), month);
            if (old != null && old != month) throw new IllegalStateException(n + " names two months");
        }
    }

    /** The month (1–12) that {@code s[from..to)} names, else 0. */
    static int month(char[] s, int from, int to) {
        if (to - from > MAX) return 0;
        char[] lower = new char[to - from];
        for (int i = from; i < to; i++) lower[i - from] = Character.toLowerCase(s[i]);
        Integer m = MONTHS.get(new String(lower));
        return m == null ? 0 : m;
    }
}
