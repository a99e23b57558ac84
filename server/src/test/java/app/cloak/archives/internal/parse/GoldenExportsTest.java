package app.cloak.archives.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Complete invented exports (src/test/resources/archives/golden/*.txt) parsed and compared, message by message
 * and with the report, to the reviewed rendering in the matching .expected file. After a deliberate change,
 * regenerate with -Dgolden.update=true and review the diff.
 */
class GoldenExportsTest {
    private static final Path DIR = Path.of("src/test/resources/archives/golden");

    @ParameterizedTest
    @ValueSource(strings = {"android-group-en", "android-family-de", "ios-direct-en-us", "ios-direct-ar"})
    void parsesTheWholeExportAsReviewed(String name) throws IOException {
        List<String> out = new ArrayList<>();
        ParseReport report;
        try (InputStream in = getClass().getResourceAsStream("/archives/golden/" + name + ".txt")) {
            report = ChatExportParser.parse(in, ParseOptions.DEFAULT, m -> out.add(render(m)));
        }
        out.add("report: messages=" + report.messages() + " byType=" + report.byType() + " unparsed=" + report.unparsedCount()
                + " " + report.unparsedLines() + " outOfOrder=" + report.outOfOrder() + " dateOrder=" + report.dateOrder()
                + " platform=" + report.platform());
        out.add("reason: " + report.dateOrderReason());
        String actual = String.join("\n", out) + "\n";
        Path expected = DIR.resolve(name + ".expected");
        if (Boolean.getBoolean("golden.update")) Files.writeString(expected, actual, StandardCharsets.UTF_8);
        assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }

    static String render(ParsedMessage m) {
        return "#" + m.line() + " " + m.timestamp() + " " + m.kind() + " author=" + show(m.author()) + " key=" + show(m.authorKey())
                + (m.mediaFile() != null ? " file=" + show(m.mediaFile()) : "") + (m.edited() ? " edited" : "")
                + (m.details().isEmpty() ? "" : " " + new TreeMap<>(m.details())) + "\n  text=" + show(m.text());
    }

    /** Quoted, with line breaks and invisible characters made visible. */
    static String show(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (MatchingCopy.isInvisible(c) || c == '\u00A0' || c == '\u202F') sb.append(String.format("\\u%04X", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

}
