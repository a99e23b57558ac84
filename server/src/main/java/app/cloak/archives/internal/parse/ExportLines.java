package app.cloak.archives.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an export into lines and remembers how each line ended (iOS ends messages with CRLF but lines inside a
 * message with a bare LF). Works on the UTF-8 bytes through a fixed buffer (CR and LF bytes never occur inside a
 * multi-byte UTF-8 sequence) without decoding: the parser reads headers from the bytes and decodes only what it
 * keeps. A line longer than {@link #MAX_LINE} bytes is cut so memory stays bounded whatever the input.
 */
final class ExportLines {
    static final int EOF = 0, LF = 1, CRLF = 2, CR = 3;
    static final int MAX_LINE = 1 << 20;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 20];
    private int pos;
    private int lim;
    private boolean eof;
    private byte[] carry = new byte[256];
    private int carryLength;

    /**
     * The current line (without its terminator) as UTF-8 bytes {@code bytes[start..end)}: a view into the read
     * buffer (or the carry buffer for a line that spanned two reads), valid until the next {@link #next()}.
     */
    byte[] bytes;
    int start;
    int end;
    /** How the current line ended. */
    int terminator;

    ExportLines(InputStream in) {
        this.in = in;
    }

    /** The current line decoded (malformed bytes become U+FFFD). */
    String line() {
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
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
        boolean inCarry = false;
        while (true) {
            if (pos >= lim && !fill()) {
                if (!inCarry) return false;
                bytes = carry;
                start = 0;
                end = carryLength;
                terminator = EOF;
                return true;
            }
            byte[] b = buf;
            int k = pos;
            int stop = lim;
            while (k < stop) {
                byte c = b[k];
                if (c == '\n' || c == '\r') break;
                k++;
            }
            if (k == stop) { // no terminator in this buffer
                append(b, pos, k - pos);
                inCarry = true;
                pos = stop;
                continue;
            }
            byte c = b[k];
            if (!inCarry) {
                bytes = b;
                start = pos;
                end = k;
            } else {
                append(b, pos, k - pos);
                bytes = carry;
                start = 0;
                end = carryLength;
            }
            pos = k + 1;
            if (c == '\n') {
                terminator = LF;
            } else {
                if (pos >= lim) {
                    if (bytes == buf) { // the next read overwrites the buffer: keep the line in the carry
                        carryLength = 0;
                        append(buf, start, end - start);
                        bytes = carry;
                        start = 0;
                        end = carryLength;
                    }
                    fill();
                }
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
