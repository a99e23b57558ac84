package app.cloak.archives.internal.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses invented export text in tests. */
final class ExportFixtures {
    private ExportFixtures() {
    }

    record Parsed(List<ParsedMessage> messages, ParseReport report) {
        ParsedMessage only() {
            if (messages.size() != 1) throw new AssertionError("expected one message, got " + messages);
            return messages.get(0);
        }

        ParsedMessage get(int i) {
            return messages.get(i);
        }
    }

    static Parsed parse(String text) {
        return parse(text, ParseOptions.DEFAULT);
    }

    static Parsed parse(String text, DateOrder order) {
        return parse(text, new ParseOptions(order));
    }

    static Parsed parse(String text, ParseOptions options) {
        List<ParsedMessage> out = new ArrayList<>();
        try {
            ParseReport r = ChatExportParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    options, out::add);
            return new Parsed(out, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines joined with LF and a final LF (Android style). */
    static String lf(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** Lines joined with CRLF and a final CRLF (iOS style between messages). */
    static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }
}
