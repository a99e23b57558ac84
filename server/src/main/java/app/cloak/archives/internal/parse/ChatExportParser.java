package app.cloak.archives.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Reads a WhatsApp chat export (the text of an Android or iOS "Export chat"). */
public final class ChatExportParser {
    /** How many unparsed lines the report lists (all are counted). */
    public static final int MAX_REPORTED_UNPARSED = 100;

    private ChatExportParser() {
    }

    /**
     * Streams the export: infers the header grammar once (from a bounded look-ahead buffer), then parses line by
     * line, calling sink for each message in file order; memory stays constant in the file size.
     */
    public static ParseReport parse(InputStream in, ParseOptions options, Consumer<ParsedMessage> sink) throws IOException {
        throw new UnsupportedOperationException("the streaming parser lands in the next commit on branch parser");
    }

    /** Canonical key of an author name as written (also used for the "which participant is me" choice). */
    public static String authorKey(String author) {
        return AuthorNames.key(author);
    }
}
