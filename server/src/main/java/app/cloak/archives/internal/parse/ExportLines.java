package app.cloak.archives.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an export into lines and remembers how each line ended (iOS ends messages with CRLF but lines inside a
 * message with a bare LF). Works on the UTF-8 bytes through a fixed buffer (CR and LF bytes never occur inside a
 * multi-byte UTF-8 sequence) and decodes each line once, malformed bytes becoming U+FFFD. A line longer than
 * {@link #MAX_LINE} bytes is cut so memory stays bounded whatever the input.
 */
final class ExportLines {
    static final int EOF = 0, LF = 1, CRLF = 2, CR = 3;
    static final int MAX_LINE = 1 << 20;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;
    private byte[] carry = new byte[256];
    private int carryLength;

    /** The current line (without its terminator) and how it ended. */
    String line;
    int terminator;

    ExportLines(InputStream in) {
        this.in = in;
    }

    private boolean fill() throws IOException {
        if (eof) return false;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
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
        carryLength = 0;
        boolean any = false;
        while (true) {
            if (pos >= lim && !fill()) {
                if (!any) return false;
                line = new String(carry, 0, carryLength, StandardCharsets.UTF_8);
                terminator = EOF;
                return true;
            }
            any = true;
            int start = pos;
            int k = start;
            byte[] b = buf;
            int end = lim;
            while (k < end) {
                byte c = b[k];
                if (c == '\n' || c == '\r') break;
                k++;
            }
            if (k == end) { // no terminator in this buffer
                append(b, start, k - start);
                pos = end;
                continue;
            }
            byte c = b[k];
            if (carryLength == 0) {
                line = new String(b, start, k - start, StandardCharsets.UTF_8);
            } else {
                append(b, start, k - start);
                line = new String(carry, 0, carryLength, StandardCharsets.UTF_8);
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

    private void append(byte[] b, int off, int len) {
        int take = Math.min(len, MAX_LINE - carryLength);
        if (take <= 0) return;
        if (carryLength + take > carry.length) carry = Arrays.copyOf(carry, Math.max(carryLength + take, carry.length * 2));
        System.arraycopy(b, off, carry, carryLength, take);
        carryLength += take;
    }
}
