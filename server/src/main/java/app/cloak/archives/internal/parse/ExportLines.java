package app.cloak.archives.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Splits an export into lines and remembers how each line ended (iOS ends messages with CRLF but lines inside a
 * message with a bare LF). Reads through a fixed buffer; a line longer than {@link #MAX_LINE} characters is cut
 * so memory stays bounded whatever the input.
 */
final class ExportLines {
    static final int EOF = 0, LF = 1, CRLF = 2, CR = 3;
    static final int MAX_LINE = 1 << 20;

    private final Reader reader;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;
    private final StringBuilder carry = new StringBuilder();

    /** The current line (without its terminator) and how it ended. */
    String line;
    int terminator;

    ExportLines(InputStream in) {
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private boolean fill() throws IOException {
        if (eof) return false;
        int n;
        do {
            n = reader.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            pos = lim = 0;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() throws IOException {
        carry.setLength(0);
        boolean any = false;
        while (true) {
            if (pos >= lim && !fill()) {
                if (!any) return false;
                line = carry.toString();
                terminator = EOF;
                return true;
            }
            any = true;
            int start = pos;
            int k = start;
            char[] b = buf;
            int end = lim;
            while (k < end) {
                char c = b[k];
                if (c == '\n' || c == '\r') break;
                k++;
            }
            if (k == end) { // no terminator in this buffer
                append(b, start, k - start);
                pos = end;
                continue;
            }
            char c = b[k];
            if (carry.isEmpty()) {
                line = new String(b, start, k - start);
            } else {
                append(b, start, k - start);
                line = carry.toString();
            }
            pos = k + 1;
            if (c == '\n') {
                terminator = LF;
            } else {
                if (pos >= lim) fill();
                if (pos < lim && buf[pos] == '\n') {
                    pos++;
                    terminator = CRLF;
                } else {
                    terminator = CR;
                }
            }
            return true;
        }
    }

    private void append(char[] b, int off, int len) {
        int room = MAX_LINE - carry.length();
        if (room > 0) carry.append(b, off, Math.min(room, len));
    }
}
