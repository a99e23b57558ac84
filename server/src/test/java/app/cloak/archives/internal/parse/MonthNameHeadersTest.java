package app.cloak.archives.internal.parse;

import static app.cloak.archives.internal.parse.ExportFixtures.crlf;
import static app.cloak.archives.internal.parse.ExportFixtures.lf;
import static app.cloak.archives.internal.parse.ExportFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headers whose month is a name (notes §2.3: "19:23, 28 Aug 2013 - ", "Mar 5, 8:11 PM - ", "18 Mar 12:14 - "),
 * with and without a year, in the languages of the notes; invented lines.
 */
class MonthNameHeadersTest {
    private static final ParseOptions YEAR_2014 = new ParseOptions(null, 2014);

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("time first, day month year (notes §2.3)", lf("19:23, 28 Aug 2013 - Name: hi", "08:05, 2 Sep 2013 - Name: later"),
                        "2013-08-28T19:23", "Name", "hi", DateOrder.DMY),
                Arguments.of("month first, no year, 12 h (notes §2.3)", lf("Mar 5, 8:11 PM - Name: hi", "Mar 6, 9:00 AM - Other: yo"),
                        "2014-03-05T20:11", "Name", "hi", DateOrder.MDY),
                Arguments.of("day and month, no year (notes §2.3)", lf("18 Mar 12:14 - Name: hi", "19 Mar 08:00 - Name: again"),
                        "2014-03-18T12:14", "Name", "hi", DateOrder.DMY),
                Arguments.of("en-GB d MMM yyyy, HH:mm", lf("12 Jan 2024, 14:05 - Ann: tea?", "12 Jan 2024, 14:07 - Bob: yes"),
                        "2024-01-12T14:05", "Ann", "tea?", DateOrder.DMY),
                Arguments.of("en-US MMM d, yyyy, h:mm a", lf("Jan 12, 2024, 2:05 PM - Ann: tea?", "Jan 12, 2024, 2:07 PM - Bob: yes"),
                        "2024-01-12T14:05", "Ann", "tea?", DateOrder.MDY),
                Arguments.of("full month name", lf("12 January 2024 14:05 - Ann: tea?"),
                        "2024-01-12T14:05", "Ann", "tea?", DateOrder.DMY),
                Arguments.of("de '5. März 2024, 14:05'", lf("5. März 2024, 14:05 - Jörg: Hallo", "6. März 2024, 09:00 - Jörg: na"),
                        "2024-03-05T14:05", "Jörg", "Hallo", DateOrder.DMY),
                Arguments.of("fr 'janv.' with à", lf("12 janv. 2024 à 14:05 - Chloé: Salut"),
                        "2024-01-12T14:05", "Chloé", "Salut", DateOrder.DMY),
                Arguments.of("es 'ene'", lf("12 ene 2024 14:05 - Lucía: Hola"),
                        "2024-01-12T14:05", "Lucía", "Hola", DateOrder.DMY),
                Arguments.of("pt 'out'", lf("3 out 2024 14:05 - João: Oi"),
                        "2024-10-03T14:05", "João", "Oi", DateOrder.DMY),
                Arguments.of("it 'ott'", lf("3 ott 2024, 14:05 - Gianni: Ciao"),
                        "2024-10-03T14:05", "Gianni", "Ciao", DateOrder.DMY),
                Arguments.of("nl 'mrt'", lf("3 mrt 2024 14:05 - Anouk: Hoi"),
                        "2024-03-03T14:05", "Anouk", "Hoi", DateOrder.DMY),
                Arguments.of("tr 'Ekim'", lf("3 Ekim 2024 14:05 - Ayşe: Merhaba"),
                        "2024-10-03T14:05", "Ayşe", "Merhaba", DateOrder.DMY),
                Arguments.of("ru 'окт.'", lf("3 окт. 2024, 14:05 - Иван: Привет"),
                        "2024-10-03T14:05", "Иван", "Привет", DateOrder.DMY),
                Arguments.of("cs genitive 'října'", lf("3. října 2024 14:05 - Petr: Ahoj"),
                        "2024-10-03T14:05", "Petr", "Ahoj", DateOrder.DMY),
                Arguments.of("long date with weekday (notes §2.3)", lf("Tuesday, 25 April 2022 14:05 - Ann: hi", "Wednesday, 26 April 2022 09:00 - Bob: yo"),
                        "2022-04-25T14:05", "Ann", "hi", DateOrder.DMY),
                Arguments.of("de weekday", lf("Dienstag, 25. April 2022 um 14:05 - Jörg: Hallo"),
                        "2022-04-25T14:05", "Jörg", "Hallo", DateOrder.DMY),
                Arguments.of("en-US weekday month first", lf("Tue, Apr 25, 2022, 2:05 PM - Ann: hi"),
                        "2022-04-25T14:05", "Ann", "hi", DateOrder.MDY),
                Arguments.of("fr 'mar.' weekday before 'mars'", lf("mar. 5 mars 2024 14:05 - Chloé: Salut"),
                        "2024-03-05T14:05", "Chloé", "Salut", DateOrder.DMY),
                Arguments.of("iOS brackets with seconds", crlf("[12 Jan 2024, 14:05:01] Ann: tea?", "[12 Jan 2024, 14:05:09] Bob: yes"),
                        "2024-01-12T14:05:01", "Ann", "tea?", DateOrder.DMY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsTheHeader(String name, String text, String time, String author, String body, DateOrder order) {
        ExportFixtures.Parsed p = parse(text, YEAR_2014);
        ParsedMessage m = p.get(0);
        assertThat(m.timestamp()).isEqualTo(LocalDateTime.parse(time));
        assertThat(m.author()).isEqualTo(author);
        assertThat(m.text()).isEqualTo(body);
        assertThat(p.report().unparsedCount()).isZero();
        assertThat(p.report().dateOrder()).isEqualTo(order);
        assertThat(p.report().dateOrderReason()).contains("the month is written as a name");
        assertThat(p.messages()).hasSize((int) text.lines().count());
    }

    @Test
    void yearlessHeadersRollIntoTheNextYearAtNewYear() {
        ExportFixtures.Parsed p = parse(lf("30 Dec 23:00 - Ann: almost", "31 Dec 23:59 - Bob: now", "1 Jan 00:01 - Ann: happy new year",
                "2 Jan 10:00 - Bob: \uD83C\uDF89"), YEAR_2014);
        assertThat(p.messages()).extracting(ParsedMessage::timestamp).containsExactly(LocalDateTime.of(2014, 12, 30, 23, 0),
                LocalDateTime.of(2014, 12, 31, 23, 59), LocalDateTime.of(2015, 1, 1, 0, 1), LocalDateTime.of(2015, 1, 2, 10, 0));
        assertThat(p.report().dateOrderReason()).contains("without a year").contains("2014");
        assertThat(p.report().outOfOrder()).isZero();
    }

    @Test
    void yearlessHeadersTakeTheYearOfTheLastHeaderThatHasOne() {
        ExportFixtures.Parsed p = parse(lf("28 Aug 2013 19:23 - Ann: old", "28 Dec 2013 10:00 - Bob: older", "18 Mar 12:14 - Ann: this year",
                "19 Mar 08:00 - Bob: ok"), YEAR_2014);
        assertThat(p.messages()).extracting(ParsedMessage::timestamp).containsExactly(LocalDateTime.of(2013, 8, 28, 19, 23),
                LocalDateTime.of(2013, 12, 28, 10, 0), LocalDateTime.of(2014, 3, 18, 12, 14), LocalDateTime.of(2014, 3, 19, 8, 0));
        assertThat(p.report().unparsedCount()).isZero();
    }

    @Test
    void withoutTheOptionYearlessHeadersAreReadInTheCurrentYear() {
        ParsedMessage m = parse(lf("18 Mar 12:14 - Name: hi")).only();
        assertThat(m.timestamp().getYear()).isEqualTo(java.time.Year.now().getValue());
    }

    @Test
    void continuationLinesThatStartWithAMonthAreNotHeaders() {
        ExportFixtures.Parsed p = parse(lf("12 Jan 2024, 14:05 - Ann: plans:", "Mar 5 is the party", "May the force", "12 Jan 2024 was fun",
                "12 Jan 2024, 14:06 - Bob: ok"), YEAR_2014);
        assertThat(p.messages()).hasSize(2);
        assertThat(p.get(0).text()).isEqualTo("plans:\nMar 5 is the party\nMay the force\n12 Jan 2024 was fun");
    }

    @Test
    void numericExportsIgnoreMonthNamesInContinuations() {
        ExportFixtures.Parsed p = parse(lf("12/01/2024, 14:05 - Ann: dates:", "19:23, 28 Aug 2013 - Name: pasted", "13/01/2024, 14:06 - Bob: ok"));
        assertThat(p.messages()).hasSize(2);
        assertThat(p.get(0).text()).isEqualTo("dates:\n19:23, 28 Aug 2013 - Name: pasted");
    }

    @Test
    void aMonthNameThatIsNoMonthIsNoHeader() {
        ExportFixtures.Parsed p = parse(lf("12 Jan 2024, 14:05 - Ann: a", "12 Jab 2024, 14:06 - Bob: b"), YEAR_2014);
        assertThat(p.messages()).hasSize(1);
        assertThat(p.get(0).text()).isEqualTo("a\n12 Jab 2024, 14:06 - Bob: b");
    }
}
