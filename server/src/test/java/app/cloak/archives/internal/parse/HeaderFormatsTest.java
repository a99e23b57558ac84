package app.cloak.archives.internal.parse;

import static app.cloak.archives.internal.parse.ExportFixtures.crlf;
import static app.cloak.archives.internal.parse.ExportFixtures.lf;
import static app.cloak.archives.internal.parse.ExportFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One invented line (or two, where the second settles the date order) per header row of
 * shared/notes/chat-export-formats.md §2; the first message's timestamp, author and text are checked.
 */
class HeaderFormatsTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                // §2.1 Android
                row("en-GB D/M/Y", lf("06/03/2017, 00:45 - Sample User: text", "13/03/2017, 09:00 - Sample User: later"),
                        "2017-03-06T00:45", "Sample User", "text", "android"),
                row("en-US NNBSP before PM", lf("1/4/23, 7:02\u202FPM - Person 2: hello there"),
                        "2023-01-04T19:02", "Person 2", "hello there", "android"),
                row("en-GB 12h lower-case am", lf("09/10/2023, 11:11\u202Fam - +44 7123 456789: hi", "23/10/2023, 1:05\u202Fpm - +44 7123 456789: later"),
                        "2023-10-09T11:11", "+44 7123 456789", "hi", "android"),
                row("es no comma p. m. with NBSP", lf("20/6/2017 8:28 p.\u00A0m. - Michelle: test"),
                        "2017-06-20T20:28", "Michelle", "test", "android"),
                row("en-CA a.m.", lf("13/10/2017, 12:12 a.m. - The Joker: why so serious"),
                        "2017-10-13T00:12", "The Joker", "why so serious", "android"),
                row("en-CA ISO order p.m.", lf("2023-12-20, 5:46 p.m. - Farid: \uD83D\uDC4B\uD83C\uDFFC"),
                        "2023-12-20T17:46", "Farid", "\uD83D\uDC4B\uD83C\uDFFC", "android"),
                row("en-ZA year first pm", lf("2023/12/20, 5:46 pm - Farid: moro"),
                        "2023-12-20T17:46", "Farid", "moro", "android"),
                row("de dotted two-digit year", lf("03.08.21, 12:30 - Jan: Hallo", "29.08.21, 12:24 - Jan: na"),
                        "2021-08-03T12:30", "Jan", "Hallo", "android"),
                row("ru dotted four-digit year", lf("23.03.2022, 13:31 - Иван: Привет"),
                        "2022-03-23T13:31", "Иван", "Привет", "android"),
                row("cs no comma", lf("23.03.22 13:31 - Petr: Ahoj"),
                        "2022-03-23T13:31", "Petr", "Ahoj", "android"),
                row("nl dashes no comma", lf("23-03-2022 13:31 - Anouk: Hoi"),
                        "2022-03-23T13:31", "Anouk", "Hoi", "android"),
                row("fr word à", lf("12/07/2017 à 22:35 - Chloé: Salut", "14/07/2017 à 08:00 - Chloé: Fête"),
                        "2017-07-12T22:35", "Chloé", "Salut", "android"),
                row("fi klo and dotted time", lf("13.6.2018 klo 21.25.15 - a: m"),
                        "2018-06-13T21:25:15", "a", "m", "unknown"),
                row("id dotted time no comma", lf("30/08/25 18.00 - Budi: Halo"),
                        "2025-08-30T18:00", "Budi", "Halo", "android"),
                row("year first stray dot", lf("2022/12/14, 13:34. - Mei: ok"),
                        "2022-12-14T13:34", "Mei", "ok", "android"),
                row("hr spaced dots trailing dot no separator", lf("13. 6. 2018. 21:25:15 a: m"),
                        "2018-06-13T21:25:15", "a", "m", "unknown"),
                // §2.2 iOS
                row("en-US region 24h", crlf("[3/18/22, 14:56:01] Elon Musk: hey"),
                        "2022-03-18T14:56:01", "Elon Musk", "hey", "ios"),
                row("LRM before bracket", crlf("\u200E[3/27/22, 21:41:55] Dmitry S: \u200Eimage omitted"),
                        "2022-03-27T21:41:55", "Dmitry S", "", "ios"),
                row("de region", crlf("[20.06.19, 15:58:47] Loris: Servus"),
                        "2019-06-20T15:58:47", "Loris", "Servus", "ios"),
                row("de with 12h", crlf("[29.01.18, 12:24:03 PM] Anna: Mittag"),
                        "2018-01-29T12:24:03", "Anna", "Mittag", "ios"),
                row("en-US 4-digit year", crlf("[7/11/2017, 8:20:41 PM] someone: hi"),
                        "2017-07-11T20:20:41", "someone", "hi", "ios"),
                row("NNBSP PM", crlf("[14/10/2021, 3:34:09\u202FPM] Tom: yo"),
                        "2021-10-14T15:34:09", "Tom", "yo", "ios"),
                row("en-NZ a.m.", crlf("[31/12/2019, 2:14:40 a.m.] Kiri: kia ora"),
                        "2019-12-31T02:14:40", "Kiri", "kia ora", "ios"),
                row("no comma (cs, fr, pt, ja, th)", crlf("[3/18/22 14:56:00] Elon Musk: bonjour"),
                        "2022-03-18T14:56", "Elon Musk", "bonjour", "ios"),
                row("id dotted time", crlf("[3/18/22 14.56.01] Elon Musk: halo"),
                        "2022-03-18T14:56:01", "Elon Musk", "halo", "ios"),
                row("vi time first", crlf("[14:56:01, 3/18/22] Musk Elon: xin chào"),
                        "2022-03-18T14:56:01", "Musk Elon", "xin chào", "ios"),
                row("ar Arabic-Indic digits, RLM, Arabic comma, م", crlf(
                                "[\u0661\u0668\u200F/\u0663\u200F/\u0662\u0660\u0662\u0662\u060C \u0662:\u0665\u0666:\u0660\u0660\u00A0\u0645] \u202A+40 521 028 61 88\u202C: \u200Fمرحبا"),
                        "2022-03-18T14:56", "+40 521 028 61 88", "مرحبا", "ios"),
                row("ar Latin digits", crlf("[\u200F18\u200F/3\u200F/2022\u060C 14:56:01] Omar: salam"),
                        "2022-03-18T14:56:01", "Omar", "salam", "ios"),
                row("Thai Buddhist year", crlf("[3/18/2565 BE, 14:56:01] Somchai: sawasdee"),
                        "2022-03-18T14:56:01", "Somchai", "sawasdee", "ios"),
                row("Japanese era Reiwa", crlf("[3/18/R4, 14:56:01] Haruto: konnichiwa"),
                        "2022-03-18T14:56:01", "Haruto", "konnichiwa", "ios"),
                row("year first with ~ non-contact", crlf("[2023/5/4, 16:17:13] ~ Carolina: \uD83E\uDD7A"),
                        "2023-05-04T16:17:13", "~ Carolina", "\uD83E\uDD7A", "ios"),
                row("zh no space after the colon", crlf("[2026/7/9 02:28:09] Bob:Hi", "[2026/7/9 02:28:30] 李:你好", "[2026/7/9 02:29:09] Bob:Hi again: there"),
                        "2026-07-09T02:28:09", "Bob", "Hi", "ios"),
                row("hu dotted spaced trailing dot year first", crlf("[2024. 01. 05., 12:34:56] Zsófi: Szia"),
                        "2024-01-05T12:34:56", "Zsófi", "Szia", "ios"),
                row("odd order M.D.Y dotted", crlf("[06.13.18 21:25:15] a: m"),
                        "2018-06-13T21:25:15", "a", "m", "ios"),
                row("year first slashes", crlf("[2018/06/13, 21:25:15] a: m"),
                        "2018-06-13T21:25:15", "a", "m", "ios"),
                // §2.4 CJK AM/PM tokens (their position is unverified in the notes: both are accepted)
                row("zh 下午 after the time", crlf("[2023/5/4 3:17:13 下午] 王芳: 好的"),
                        "2023-05-04T15:17:13", "王芳", "好的", "ios"),
                row("zh 上午 before the time", crlf("[2023/5/4 上午9:17:13] 王芳: 早"),
                        "2023-05-04T09:17:13", "王芳", "早", "ios"),
                row("ko 오후 after the time", lf("2023. 5. 4. 3:17 오후 - 민수: 네"),
                        "2023-05-04T15:17", "민수", "네", "android"),
                row("ja 午前 12 o'clock is midnight", crlf("[2023/05/04 12:05:00 午前] 太郎: はい"),
                        "2023-05-04T00:05", "太郎", "はい", "ios"),
                // §2.3 legacy
                row("colon instead of dash, 24h", lf("09/12/2012 17:03:48: Sender Name: Message", "19/12/2012 17:03:48: Sender Name: again"),
                        "2012-12-09T17:03:48", "Sender Name", "Message", "unknown"),
                row("colon instead of dash, 12h", lf("3/24/14, 1:59:59 PM: Sender Name: Message"),
                        "2014-03-24T13:59:59", "Sender Name", "Message", "unknown"),
                row("WhatsApp Viewer semicolon", lf("01.04.2015 - 16:00:27; ME: hallo", "21.04.2015 - 16:00:27; ME: hallo"),
                        "2015-04-01T16:00:27", "ME", "hallo", "unknown")
        );
    }

    private static Arguments row(String name, String text, String time, String author, String body, String platform) {
        return Arguments.of(name, text, time, author, body, platform);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsTheHeader(String name, String text, String time, String author, String body, String platform) {
        ExportFixtures.Parsed p = parse(text);
        ParsedMessage m = p.get(0);
        assertThat(m.timestamp()).isEqualTo(LocalDateTime.parse(time));
        assertThat(m.author()).isEqualTo(author);
        assertThat(m.text()).isEqualTo(body);
        assertThat(m.line()).isEqualTo(1);
        assertThat(p.report().unparsedCount()).isZero();
        assertThat(p.report().platform()).isEqualTo(platform);
    }
}
