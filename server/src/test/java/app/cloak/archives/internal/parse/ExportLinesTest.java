package app.cloak.archives.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Line splitting on bytes: lines, CR/LF/CRLF ends and multi-byte characters across reads of any size. */
class ExportLinesTest {

    /** Hands out at most {@code chunk} bytes per read, so lines, CRLFs and UTF-8 sequences straddle reads. */
    private static InputStream chunked(byte[] data, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static List<String> lines(InputStream in) throws IOException {
        ExportLines l = new ExportLines(in);
        List<String> out = new ArrayList<>();
        while (l.next()) out.add(l.line() + "|" + l.terminator);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 64})
    void linesAndTheirEndsAreTheSameWhateverTheReadSize(int chunk) throws IOException {
        String text = "[18/07/2021, 10:00:00] Zoë: a\r\n\u200E[18/07/2021, 10:00:01] 山田: \u200Eimage omitted\r\nline\ninside\r\n"
                + "old mac\rend 😀 without newline";
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        assertThat(lines(chunked(data, chunk))).containsExactly(
                "[18/07/2021, 10:00:00] Zoë: a|" + ExportLines.CRLF,
                "\u200E[18/07/2021, 10:00:01] 山田: \u200Eimage omitted|" + ExportLines.CRLF,
                "line|" + ExportLines.LF, "inside|" + ExportLines.CRLF, "old mac|" + ExportLines.CR,
                "end 😀 without newline|" + ExportLines.EOF);
    }

    @Test
    void emptyInputHasNoLineAndAFinalNewlineNoEmptyLine() throws IOException {
        assertThat(lines(new ByteArrayInputStream(new byte[0]))).isEmpty();
        assertThat(lines(new ByteArrayInputStream("a\n".getBytes(StandardCharsets.UTF_8)))).containsExactly("a|" + ExportLines.LF);
        assertThat(lines(new ByteArrayInputStream("a\n\n".getBytes(StandardCharsets.UTF_8))))
                .containsExactly("a|" + ExportLines.LF, "|" + ExportLines.LF);
    }

    @Test
    void aLineLongerThanTheLimitIsCut() throws IOException {
        byte[] data = ("x".repeat(3 * ExportLines.MAX_LINE) + "\nnext\n").getBytes(StandardCharsets.US_ASCII);
        List<String> l = lines(chunked(data, 100_000));
        assertThat(l).hasSize(2);
        assertThat(l.get(0)).hasSize(ExportLines.MAX_LINE + 2);
        assertThat(l.get(1)).isEqualTo("next|" + ExportLines.LF);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 13})
    void aWholeExportParsesTheSameFromTinyReads(int chunk) throws IOException {
        String text = GoldenText.IOS;
        List<ParsedMessage> whole = new ArrayList<>();
        List<ParsedMessage> bits = new ArrayList<>();
        ParseReport a = ChatExportParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ParseOptions.DEFAULT, whole::add);
        ParseReport b = ChatExportParser.parse(chunked(text.getBytes(StandardCharsets.UTF_8), chunk), ParseOptions.DEFAULT, bits::add);
        assertThat(bits).isEqualTo(whole);
        assertThat(b).isEqualTo(a);
        assertThat(whole).hasSize(4);
    }

    /** A small invented iOS export with non-ASCII authors, cues and a multi-line message. */
    private static final class GoldenText {
        static final String IOS = "[18/07/2021, 10:00:00] Zoë: hallo\r\n\u200E[18/07/2021, 10:00:01] 山田: \u200Eimage omitted\r\n"
                + "[18/07/2021, 10:00:02] \u202A+40 521 028 61 88\u202C: two\nlines 😀\r\n[19/07/2021, 11:00:00] Zoë: bye\r\n";
    }
}
