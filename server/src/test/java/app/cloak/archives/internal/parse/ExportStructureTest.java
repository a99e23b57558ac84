package app.cloak.archives.internal.parse;

import static app.cloak.archives.internal.parse.ExportFixtures.crlf;
import static app.cloak.archives.internal.parse.ExportFixtures.lf;
import static app.cloak.archives.internal.parse.ExportFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line ends, BOMs, multi-line messages, unparsed lines, ordering and the date-order decision. */
class ExportStructureTest {

    @Test
    void multiLineMessagesKeepEmptyLinesAndLinesThatStartWithADate() {
        ExportFixtures.Parsed p = parse(lf("12/07/2021, 10:00 - Ana: first", "", "2016-04-29 10:30:00 was the day",
                "12/07/2021 is not a header either", "12/07/2021, 10:01 - Ben: next"));
        assertThat(p.messages()).hasSize(2);
        assertThat(p.get(0).text()).isEqualTo("first\n\n2016-04-29 10:30:00 was the day\n12/07/2021 is not a header either");
        assertThat(p.get(1).line()).isEqualTo(5);
        assertThat(p.report().unparsedCount()).isZero();
    }

    @Test
    void iosCrlfBetweenMessagesMakesAPastedHeaderAfterABareLfAContinuation() {
        String text = "[18/07/2021, 10:00:00] Ana: look what he wrote:\n[17/07/2021, 09:00:00] Ben: pasted\r\n"
                + "[18/07/2021, 10:01:00] Ben: that was me\r\n" + "[18/07/2021, 10:02:00] Ana: two lines\nhere\r\n";
        ExportFixtures.Parsed p = parse(text);
        assertThat(p.messages()).hasSize(3);
        assertThat(p.get(2).text()).isEqualTo("two lines\nhere");
        assertThat(p.get(0).text()).isEqualTo("look what he wrote:\n[17/07/2021, 09:00:00] Ben: pasted");
        assertThat(p.report().outOfOrder()).isZero();
    }

    @Test
    void lfOnlyExportsTreatEveryMatchingHeaderAsAMessage() {
        ExportFixtures.Parsed p = parse(lf("[18/07/2021, 10:00:00] Ana: a", "[17/07/2021, 09:00:00] Ben: b"));
        assertThat(p.messages()).hasSize(2);
        assertThat(p.report().outOfOrder()).isEqualTo(1);
    }

    @Test
    void bomAtTheStartAndInsideLinesIsIgnored() {
        ExportFixtures.Parsed p = parse("\uFEFF" + lf("29.01.18, 12:24 - Jan: Hallo", "[\uFEFF29.01.18, 12:25 - Jan: nope",
                "\uFEFF29.01.18, 12:26 - Jan: wie geht\uFEFFs"));
        assertThat(p.messages()).hasSize(2);
        assertThat(p.get(0).text()).isEqualTo("Hallo\n[\uFEFF29.01.18, 12:25 - Jan: nope".replace("\uFEFF", ""));
        assertThat(p.get(1).text()).isEqualTo("wie gehts");
        assertThat(p.get(1).timestamp()).isEqualTo(LocalDateTime.of(2018, 1, 29, 12, 26));
    }

    @Test
    void bracketedBomHeaderIsAHeaderInAnIosExport() {
        ExportFixtures.Parsed p = parse(crlf("[29.01.18, 12:24:03] Jan: Hallo", "[\uFEFF29.01.18, 12:25:00] Jan: auch"));
        assertThat(p.messages()).hasSize(2);
        assertThat(p.get(1).text()).isEqualTo("auch");
    }

    @Test
    void linesBeforeTheFirstHeaderAreReportedWithTheirNumbers() {
        ExportFixtures.Parsed p = parse(lf("WhatsApp Chat with Ana", "", "exported by hand", "12/07/2021, 10:00 - Ana: hi",
                "31/02/2021, 10:00 - Ana: no such day", "12/07/2021, 10:02 - Ana: bye"));
        assertThat(p.report().unparsedCount()).isEqualTo(3);
        assertThat(p.report().unparsedLines()).containsExactly(new UnparsedLine(1, "WhatsApp Chat with Ana"),
                new UnparsedLine(3, "exported by hand"), new UnparsedLine(5, "31/02/2021, 10:00 - Ana: no such day"));
        assertThat(p.messages()).extracting(ParsedMessage::text).containsExactly("hi", "bye");
    }

    @Test
    void unparsedLinesAreCappedButAllCounted() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 250; i++) sb.append("junk ").append(i).append('\n');
        sb.append("12/07/2021, 10:00 - Ana: hi\n");
        ExportFixtures.Parsed p = parse(sb.toString());
        assertThat(p.report().unparsedCount()).isEqualTo(250);
        assertThat(p.report().unparsedLines()).hasSize(ChatExportParser.MAX_REPORTED_UNPARSED);
        assertThat(p.report().messages()).isEqualTo(1);
    }

    @Test
    void aTextWithoutAnyHeaderIsAllUnparsed() {
        ExportFixtures.Parsed p = parse("hello\nworld\n");
        assertThat(p.messages()).isEmpty();
        assertThat(p.report().unparsedCount()).isEqualTo(2);
        assertThat(p.report().platform()).isEqualTo("unknown");
        assertThat(parse("").report().messages()).isZero();
    }

    @Test
    void outOfOrderTimestampsAreCountedAndFileOrderKept() {
        ExportFixtures.Parsed p = parse(lf("12/07/2021, 10:00 - A: 1", "12/07/2021, 09:00 - A: 2", "13/07/2021, 09:00 - A: 3",
                "11/07/2021, 09:00 - A: 4"));
        assertThat(p.report().outOfOrder()).isEqualTo(2);
        assertThat(p.messages()).extracting(ParsedMessage::text).containsExactly("1", "2", "3", "4");
    }

    @Test
    void headersOfAnotherLayoutInsideTheFileAreContinuations() {
        ExportFixtures.Parsed p = parse(lf("12/07/2021, 10:00 - Ana: quoting an iPhone:", "[12/07/2021, 09:00:00] Ben: hi",
                "12/07/2021, 10:01 - Ben: ok"));
        assertThat(p.messages()).hasSize(2);
        assertThat(p.get(0).text()).endsWith("[12/07/2021, 09:00:00] Ben: hi");
    }

    @Test
    void reportCountsByType() {
        ExportFixtures.Parsed p = parse(lf("12/07/2021, 10:00 - Messages and calls are end-to-end encrypted. Tap to learn more.",
                "12/07/2021, 10:00 - Ana: hi", "12/07/2021, 10:01 - Ana: <Media omitted>", "12/07/2021, 10:02 - Ben: yo"));
        assertThat(p.report().messages()).isEqualTo(4);
        assertThat(p.report().byType()).containsOnly(java.util.Map.entry(Kind.TEXT, 2), java.util.Map.entry(Kind.MEDIA, 1),
                java.util.Map.entry(Kind.ENCRYPTION_NOTICE, 1));
    }

    @Test
    void impossibleTwelveHourTimesAreKeptAndFlagged() {
        ExportFixtures.Parsed p = parse(lf("29.01.18, 23:59 PM - Jan: spät", "29.01.18, 00:04 AM - Jan: früh", "29.01.18, 1:04 AM - Jan: ok"));
        assertThat(p.get(0).timestamp()).isEqualTo(LocalDateTime.of(2018, 1, 29, 23, 59));
        assertThat(p.get(0).details()).containsEntry("clock", "lenient");
        assertThat(p.get(1).timestamp()).isEqualTo(LocalDateTime.of(2018, 1, 29, 0, 4));
        assertThat(p.get(2).details()).doesNotContainKey("clock");
    }

    // --- date order ---

    @Test
    void aDayAbove12InPosition1DecidesDmy() {
        ParseReport r = parse(lf("05/03/2021, 10:00 - A: x", "13/03/2021, 10:00 - A: y")).report();
        assertThat(r.dateOrder()).isEqualTo(DateOrder.DMY);
        assertThat(r.dateOrderReason()).isEqualTo("a day above 12 in position 1 at line 2 (13/03/2021)");
    }

    @Test
    void aDayAbove12InPosition2DecidesMdy() {
        ExportFixtures.Parsed p = parse(crlf("[3/5/22, 10:00:00] A: x", "[3/18/22, 10:00:00] A: y"));
        assertThat(p.report().dateOrder()).isEqualTo(DateOrder.MDY);
        assertThat(p.report().dateOrderReason()).isEqualTo("a day above 12 in position 2 at line 2 (3/18/22)");
        assertThat(p.get(0).timestamp()).isEqualTo(LocalDateTime.of(2022, 3, 5, 10, 0));
    }

    @Test
    void yearFirstIsRecognised() {
        ParseReport r = parse(lf("2023/12/01, 5:46 pm - F: x")).report();
        assertThat(r.dateOrder()).isEqualTo(DateOrder.YMD);
        assertThat(r.dateOrderReason()).contains("the year comes first (2023/12/01 at line 1)");
    }

    @Test
    void ambiguousDatesAreReadInTheOrderInWhichTimeRunsForward() {
        // D/M: 1 Feb, 5 Feb, 9 Feb, 1 Mar — forward; M/D: 2 Jan, 2 May, 2 Sep, 3 Jan — one step back
        ExportFixtures.Parsed p = parse(lf("01/02/2021, 10:00 - A: a", "05/02/2021, 10:00 - A: b", "09/02/2021, 10:00 - A: c",
                "01/03/2021, 10:00 - A: d"));
        assertThat(p.report().dateOrder()).isEqualTo(DateOrder.DMY);
        assertThat(p.report().dateOrderReason()).contains("time runs forward more often (0 backward steps against 1)");
        ExportFixtures.Parsed q = parse(lf("02/01/2021, 10:00 - A: a", "02/05/2021, 10:00 - A: b", "02/09/2021, 10:00 - A: c",
                "03/01/2021, 10:00 - A: d"));
        assertThat(q.report().dateOrder()).isEqualTo(DateOrder.MDY);
    }

    @Test
    void whenBothReadingsRunForwardTheShorterSpanWins() {
        // D/M: 1 Feb .. 2 Feb (1 day); M/D: 2 Jan .. 2 Feb (31 days)
        ParseReport r = parse(lf("01/02/2021, 10:00 - A: a", "02/02/2021, 10:00 - A: b")).report();
        assertThat(r.dateOrder()).isEqualTo(DateOrder.DMY);
        assertThat(r.dateOrderReason()).contains("shorter span (1 days against 31)");
    }

    @Test
    void aSingleDayChatFallsBackToTheLayoutsUsualOrder() {
        // the notes' case: a single-day iOS chat dated 1/11/23 — with a 12-hour clock and slashes, US order
        ParseReport us = parse(crlf("[1/11/23, 9:15:00 AM] A: a", "[1/11/23, 9:16:00 AM] B: b")).report();
        assertThat(us.dateOrder()).isEqualTo(DateOrder.MDY);
        assertThat(us.dateOrderReason()).contains("M/D/Y assumed");
        ParseReport de = parse(crlf("[1.11.23, 09:15:00] A: a", "[1.11.23, 09:16:00] B: b")).report();
        assertThat(de.dateOrder()).isEqualTo(DateOrder.DMY);
        assertThat(de.dateOrderReason()).contains("D/M/Y assumed");
    }

    @Test
    void theImporterCanOverrideTheOrder() {
        ExportFixtures.Parsed p = parse(crlf("[1/11/23, 9:15:00 AM] A: a"), DateOrder.DMY);
        assertThat(p.report().dateOrder()).isEqualTo(DateOrder.DMY);
        assertThat(p.report().dateOrderReason()).isEqualTo("set by the importer (D/M/Y)");
        assertThat(p.get(0).timestamp()).isEqualTo(LocalDateTime.of(2023, 11, 1, 9, 15));
    }

    @Test
    void aLaterHeaderThatOnlyFitsTheOtherOrderIsReadThatWayAndReported() {
        StringBuilder sb = new StringBuilder();
        // look-ahead full of ambiguous dates; then a date valid only as M/D
        for (int i = 0; i < ChatExportParser.LOOK_AHEAD_LINES; i++) sb.append("01/02/2021, 10:00 - A: x\n");
        sb.append("02/13/2021, 10:00 - A: late\n");
        ExportFixtures.Parsed p = parse(sb.toString());
        assertThat(p.report().dateOrder()).isEqualTo(DateOrder.DMY);
        ParsedMessage last = p.messages().get(p.messages().size() - 1);
        assertThat(last.timestamp()).isEqualTo(LocalDateTime.of(2021, 2, 13, 10, 0));
        assertThat(p.report().dateOrderReason()).endsWith("; 1 later header (first at line 5001) only made sense as M/D/Y and were read that way");
    }

    // --- streaming ---

    @Test
    void streamsAnInputLongerThanTheLookAheadWithoutHoldingIt() throws IOException {
        int count = 60_000;
        InputStream generated = new InputStream() {
            int message;
            byte[] current = new byte[0];
            int pos;

            @Override
            public int read() {
                if (pos == current.length) {
                    if (message == count) return -1;
                    current = ("[" + (1 + message % 28) + "/03/2022, 10:00:00] Ana: message " + message + "\r\n")
                            .getBytes(StandardCharsets.UTF_8);
                    message++;
                    pos = 0;
                }
                return current[pos++] & 0xFF;
            }
        };
        int[] seen = {0};
        List<Integer> lines = new ArrayList<>();
        ParseReport r = ChatExportParser.parse(generated, ParseOptions.DEFAULT, m -> {
            if (seen[0]++ % 20_000 == 0) lines.add(m.line());
        });
        assertThat(r.messages()).isEqualTo(count);
        assertThat(seen[0]).isEqualTo(count);
        assertThat(lines).containsExactly(1, 20_001, 40_001);
    }

    @Test
    void lineNumbersCountCrAndCrlfAndLf() {
        ExportFixtures.Parsed p = parse("12/07/2021, 10:00 - A: a\r\n12/07/2021, 10:01 - A: b\r12/07/2021, 10:02 - A: c\n"
                + "12/07/2021, 10:03 - A: d");
        assertThat(p.messages()).extracting(ParsedMessage::line).containsExactly(1, 2, 3, 4);
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws IOException {
        byte[] bytes = "12/07/2021, 10:00 - A: caf\u00E9 \u00FF".getBytes(StandardCharsets.ISO_8859_1);
        List<ParsedMessage> out = new ArrayList<>();
        ChatExportParser.parse(new ByteArrayInputStream(bytes), ParseOptions.DEFAULT, out::add);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).text()).startsWith("caf");
    }
}
