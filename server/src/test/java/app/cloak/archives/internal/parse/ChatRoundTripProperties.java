package app.cloak.archives.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated chats written in every layout the formatter knows (Android/iOS × date orders × separators ×
 * 12/24 h and AM/PM tokens × Latin/Arabic-Indic/Persian digits × Gregorian/Buddhist/Japanese years ×
 * time-first × numeric or month-name dates, with or without the year) parse back to the same messages.
 */
class ChatRoundTripProperties {

    private static final String[] IOS_AUTHORS = {"Ana", "Ben Müller", "John-John Doe", "Zoë \uD83E\uDD13", "~\u00A0Carolina",
            "\u202A+40 521 028 61 88\u202C", "علي", "李雷"};
    private static final String[] ANDROID_AUTHORS = {"Ana", "Ben Müller", "John-John Doe", "Zoë \uD83E\uDD13",
            "+49 151 2345678", "علي", "O'Brien"};
    private static final String[] WORDS = {"hello", "12 apples", "ok: fine", "ünïcödé", "emoji \uD83D\uDE00", "[bracket] text",
            "- dash", "time 10:30", "*bold*", "مرحبا", "https://example.com/a?b=1", "3/4 of it", "a.b.c", "(aside)", "日本語"};

    @Provide
    Arbitrary<ExportFormatter> layouts() {
        Arbitrary<Boolean> ios = Arbitraries.of(true, false);
        Arbitrary<DateOrder> order = Arbitraries.of(DateOrder.values());
        Arbitrary<Character> dateSep = Arbitraries.of('/', '.', '-');
        Arbitrary<Boolean> twoDigit = Arbitraries.of(true, false);
        Arbitrary<Boolean> padded = Arbitraries.of(true, false);
        Arbitrary<Integer> between = Arbitraries.integers().between(0, 3);
        Arbitrary<Character> timeSep = Arbitraries.of(':', ':', '.');
        Arbitrary<Integer> ampm = Arbitraries.integers().between(-1, ExportFormatter.AMPM.length - 1);
        Arbitrary<String> ampmSpace = Arbitraries.of(" ", "\u202F", "\u00A0");
        Arbitrary<Character> digits = Arbitraries.of('L', 'L', 'A', 'P');
        Arbitrary<Character> calendar = Arbitraries.of('G', 'G', 'B', 'J');
        Arbitrary<Boolean> timeFirst = Arbitraries.of(false, false, true);
        Arbitrary<Integer> monthNames = Arbitraries.integers().between(-ExportFormatter.MONTHS.length, ExportFormatter.MONTHS.length - 1);
        Arbitrary<Boolean> yearless = Arbitraries.of(false, false, true);
        return Combinators.combine(List.of(ios.asGeneric(), order.asGeneric(), dateSep.asGeneric(), twoDigit.asGeneric(),
                padded.asGeneric(), between.asGeneric(), timeSep.asGeneric(), ampm.asGeneric(), ampmSpace.asGeneric(),
                digits.asGeneric(), calendar.asGeneric(), timeFirst.asGeneric(), monthNames.asGeneric(), yearless.asGeneric())).as(v -> {
                    boolean isIos = (Boolean) v.get(0);
                    int names = Math.max(-1, (Integer) v.get(12)); // about half the layouts write month names
                    DateOrder o = (DateOrder) v.get(1);
                    if (names >= 0 && o == DateOrder.YMD) o = DateOrder.DMY;
                    char cal = names >= 0 ? 'G' : (Character) v.get(10);
                    if (o == DateOrder.YMD) cal = 'G';
                    boolean two = (Boolean) v.get(3) && cal == 'G' && o != DateOrder.YMD;
                    String[] betweens = isIos ? new String[] {", ", " ", ", ", " "} : new String[] {", ", " ", " à ", " klo "};
                    boolean first = isIos && (Boolean) v.get(11);
                    // time first (vi) writes the time with colons; a dotted time before a dotted date would be a date
                    char tSep = first ? ':' : (Character) v.get(6);
                    return new ExportFormatter(isIos, o, (Character) v.get(2), two, (Boolean) v.get(4), betweens[(Integer) v.get(5)],
                            tSep, (Integer) v.get(7), (String) v.get(8), cal == 'G' && names < 0 ? (Character) v.get(9) : 'L', cal,
                            first, names, names >= 0 && (Boolean) v.get(13));
                });
    }

    @Provide
    Arbitrary<List<Draft>> chats() {
        Arbitrary<Draft> draft = Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(4).map(w -> String.join(" ", w))
                        .list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.longs().between(0, 3 * 24 * 3600),
                Arbitraries.integers().between(0, 9)).as((a, lines, step, blank) -> {
                    List<String> l = new ArrayList<>(lines);
                    if (blank == 0 && l.size() > 1) l.add(1, ""); // an empty line inside a message
                    return new Draft(a, l, step);
                });
        return draft.list().ofMinSize(1).ofMaxSize(40);
    }

    record Draft(int author, List<String> lines, long stepSeconds) {
    }

    private static List<ExportFormatter.Message> chat(ExportFormatter f, List<Draft> drafts, boolean withLateDay) {
        List<ExportFormatter.Message> out = new ArrayList<>();
        LocalDateTime t = LocalDateTime.of(2021, 1, 3, 9, 5, 7);
        String[] authors = f.ios() ? IOS_AUTHORS : ANDROID_AUTHORS;
        for (Draft d : drafts) {
            t = t.plusSeconds(d.stepSeconds());
            out.add(new ExportFormatter.Message(t, authors[d.author() % authors.length], d.lines()));
        }
        if (withLateDay) {
            // a day above 12 settles D/M against M/D
            out.add(new ExportFormatter.Message(t.withDayOfMonth(20).plusMonths(1), authors[0], List.of("later")));
        }
        return out;
    }

    private static void assertRoundTrip(ExportFormatter f, List<ExportFormatter.Message> chat, ExportFixtures.Parsed p) {
        assertThat(p.report().unparsedCount()).as("%s%n%s", f, f.format(chat)).isZero();
        assertThat(p.messages()).as("%s%n%s", f, f.format(chat)).hasSize(chat.size());
        for (int i = 0; i < chat.size(); i++) {
            ExportFormatter.Message want = chat.get(i);
            ParsedMessage got = p.get(i);
            LocalDateTime time = f.ios() ? want.time() : want.time().truncatedTo(ChronoUnit.MINUTES);
            assertThat(got.timestamp()).as("%s message %d", f, i).isEqualTo(time);
            assertThat(got.author()).as("%s message %d", f, i).isEqualTo(AuthorNames.display(want.author()));
            assertThat(got.authorKey()).isEqualTo(ChatExportParser.authorKey(AuthorNames.display(want.author())));
            assertThat(got.kind()).as("%s message %d", f, i).isEqualTo(Kind.TEXT);
            assertThat(got.text()).as("%s message %d", f, i).isEqualTo(String.join("\n", want.lines()));
        }
        assertThat(p.report().outOfOrder()).isZero();
        assertThat(p.report().platform()).isEqualTo(f.ios() ? "ios" : "android");
    }

    @Property(tries = 300)
    void everyLayoutRoundTripsWithTheOrderGiven(@ForAll("layouts") ExportFormatter f, @ForAll("chats") List<Draft> drafts) {
        List<ExportFormatter.Message> chat = chat(f, drafts, false);
        assertRoundTrip(f, chat, ExportFixtures.parse(f.format(chat), new ParseOptions(f.order(), 2021)));
    }

    @Property(tries = 300)
    void everyLayoutRoundTripsWithTheOrderInferred(@ForAll("layouts") ExportFormatter f, @ForAll("chats") List<Draft> drafts) {
        List<ExportFormatter.Message> chat = chat(f, drafts, true);
        ExportFixtures.Parsed p = ExportFixtures.parse(f.format(chat), new ParseOptions(null, 2021));
        assertThat(p.report().dateOrder()).as("%s: %s", f, p.report().dateOrderReason()).isEqualTo(f.order());
        assertRoundTrip(f, chat, p);
    }
}
