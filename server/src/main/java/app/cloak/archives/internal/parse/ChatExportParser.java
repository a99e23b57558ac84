package app.cloak.archives.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a WhatsApp chat export (the text of an Android or iOS "Export chat").
 *
 * <p>The first lines (at most {@link #LOOK_AHEAD_LINES} lines or {@link #LOOK_AHEAD_CHARS} characters) are held
 * back to infer the file's header grammar, its date order, whether iOS line ends (CRLF between messages, bare
 * LF inside one) apply and whether placeholders carry the LRM cue. Then the whole file is read line by line: a
 * line is a header only when it matches the inferred grammar exactly, anything else continues the current
 * message, and a line before the first header is reported as unparsed. Memory is bounded by the look-ahead, the
 * longest message (lines are cut at {@link ExportLines#MAX_LINE} characters, a message keeps at most
 * {@link #MAX_MESSAGE_LINES} lines) and a small author cache, not by the file size.
 */
public final class ChatExportParser {
    /** How many unparsed lines the report lists (all are counted). */
    public static final int MAX_REPORTED_UNPARSED = 100;
    static final int LOOK_AHEAD_LINES = 5_000;
    static final int LOOK_AHEAD_CHARS = 1_000_000;
    static final int MAX_MESSAGE_LINES = 100_000;
    /** How much of a line is normalised to find a header and an author (an author is at most 100 characters). */
    static final int HEADER_PREFIX = 200;
    /** Decoded first: a header and a usual author fit; the rest of the line is decoded only as the message text. */
    static final int SHORT_PREFIX = 64;

    private ChatExportParser() {
    }

    /**
     * Streams the export: infers the header grammar once (from a bounded look-ahead buffer), then parses line by
     * line, calling sink for each message in file order; memory stays constant in the file size.
     */
    public static ParseReport parse(InputStream in, ParseOptions options, Consumer<ParsedMessage> sink) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        ParseOptions o = options == null ? ParseOptions.DEFAULT : options;
        Tally tally = new Tally(sink);
        int threads = o.threads() > 0 ? o.threads() : Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1;
        if (threads < 2) {
            Reading r = new Reading(new ExportLines(in), o, tally.classifier, tally::accept);
            r.run();
            return r.report(tally);
        }
        return pipelined(in, o, tally);
    }

    /** What the reading thread hands over: one message's header values and lines, not yet classified. */
    private record Raw(int line, LocalDateTime ts, boolean lenient, AuthorCache.Author author, boolean cue, ArrayList<String> lines) {
    }

    private record Failure(Throwable error) {
    }

    private static final Object END = new Object();
    private static final int BATCH = 256;

    /**
     * Two threads: a reader thread reads, splits and decodes the lines and reads the headers (everything up to a
     * message's header values and lines); the calling thread classifies each message and calls the sink, so the
     * sink still runs on the caller's thread and in file order. Batches of {@value #BATCH} messages go through a
     * bounded queue (memory stays constant); a failure on either side stops both.
     */
    private static ParseReport pipelined(InputStream in, ParseOptions options, Tally tally) throws IOException {
        java.util.concurrent.ArrayBlockingQueue<Object> queue = new java.util.concurrent.ArrayBlockingQueue<>(16);
        Raw[][] batch = {new Raw[BATCH]};
        int[] filled = {0};
        Emitter out = (line, ts, lenient, author, cue, lines) -> {
            batch[0][filled[0]++] = new Raw(line, ts, lenient, author, cue, new ArrayList<>(lines));
            if (filled[0] == BATCH) {
                put(queue, batch[0]);
                batch[0] = new Raw[BATCH];
                filled[0] = 0;
            }
        };
        Reading reading = new Reading(new ExportLines(in), options, tally.classifier, out);
        Thread reader = Thread.ofPlatform().daemon().name("chat-export-reader").unstarted(() -> {
            try {
                reading.run();
                if (filled[0] > 0) put(queue, java.util.Arrays.copyOf(batch[0], filled[0]));
                put(queue, END);
            } catch (Throwable e) {
                if (!(e instanceof Stop)) {
                    try {
                        queue.put(new Failure(e));
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        reader.start();
        boolean done = false;
        try {
            while (true) {
                Object o = queue.take();
                if (o == END) break;
                if (o instanceof Failure f) {
                    if (f.error() instanceof IOException e) throw e;
                    if (f.error() instanceof RuntimeException e) throw e;
                    if (f.error() instanceof Error e) throw e;
                    throw new IOException(f.error());
                }
                for (Raw r : (Raw[]) o) tally.accept(r.line(), r.ts(), r.lenient(), r.author(), r.cue(), r.lines());
            }
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while parsing");
        } finally {
            if (!done) {
                reader.interrupt();
                queue.clear();
            }
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return reading.report(tally);
    }

    /** Thrown on the reader thread when the caller gave up (its put was interrupted). */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private static void put(java.util.concurrent.BlockingQueue<Object> q, Object o) {
        try {
            q.put(o);
        } catch (InterruptedException e) {
            throw new Stop();
        }
    }

    /** Receives each message's header values and lines in file order (the list is reused after the call). */
    @FunctionalInterface
    private interface Emitter {
        void emit(int line, LocalDateTime ts, boolean lenient, AuthorCache.Author author, boolean cue, ArrayList<String> lines);
    }

    /** The classifying side: classifies, counts and passes each message to the sink. */
    private static final class Tally {
        final MessageClassifier classifier = new MessageClassifier();
        final Consumer<ParsedMessage> sink;
        int messages;
        final int[] byType = new int[Kind.values().length];
        int outOfOrder;
        LocalDateTime previous;

        Tally(Consumer<ParsedMessage> sink) {
            this.sink = sink;
        }

        void accept(int line, LocalDateTime ts, boolean lenient, AuthorCache.Author author, boolean cue, ArrayList<String> lines) {
            ParsedMessage m = classifier.classify(line, ts, lenient, author, cue, lines);
            messages++;
            byType[m.kind().ordinal()]++;
            if (previous != null && ts.isBefore(previous)) outOfOrder++;
            previous = ts;
            sink.accept(m);
        }
    }

    /** Canonical key of an author name as written (also used for the "which participant is me" choice). */
    public static String authorKey(String author) {
        return AuthorNames.key(author);
    }

    /** One parse: the state of the streaming loop. */
    private static final class Reading {
        private final ExportLines source;
        private final ParseOptions options;
        private final Emitter out;
        private final MatchingCopy copy = new MatchingCopy();
        private final HeaderScan scan = new HeaderScan();
        /** The classifier of the classifying side: told here, before any message, whether cues are expected. */
        private final MessageClassifier classifier;
        private String reason;
        private final boolean[] lenient = new boolean[1];

        private ExportHeaderGrammar grammar;
        private DateOrder order;
        private boolean crlfMode;
        private boolean colonNoSpace;

        // the message being read
        private boolean open;
        private int line;
        private LocalDateTime timestamp;
        private boolean clockLenient;
        private AuthorCache.Author author;
        private final AuthorCache authors = new AuthorCache();
        private boolean cue;
        private final ArrayList<String> lines = new ArrayList<>();

        // the report (message counts are the classifying side's)
        private final List<UnparsedLine> unparsed = new ArrayList<>();
        private int unparsedCount;
        private int swapped;
        private int firstSwappedLine;
        /** The year given to headers without one ("18 Mar 12:14"): the option, then the last year written. */
        private int yearlessYear;
        private LocalDateTime lastHeader;

        Reading(ExportLines source, ParseOptions options, MessageClassifier classifier, Emitter out) {
            this.source = source;
            this.options = options;
            this.classifier = classifier;
            this.out = out;
            this.yearlessYear = options.year() != null ? options.year() : java.time.Year.now().getValue();
        }

        void run() throws IOException {
            List<String> ahead = new ArrayList<>();
            List<byte[]> aheadBytes = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            long chars = 0;
            while (ahead.size() < LOOK_AHEAD_LINES && chars < LOOK_AHEAD_CHARS && source.next()) {
                String l = source.line();
                ahead.add(l);
                aheadBytes.add(java.util.Arrays.copyOfRange(source.bytes, source.start, source.end));
                ends.add(source.terminator);
                chars += l.length();
            }
            reason = infer(ahead, ends);
            ahead = null;
            int number = 0;
            int previousEnd = ExportLines.EOF;
            for (int i = 0; i < aheadBytes.size(); i++) {
                byte[] b = aheadBytes.get(i);
                accept(b, 0, b.length, ++number, previousEnd);
                previousEnd = ends.get(i);
                aheadBytes.set(i, null);
            }
            aheadBytes = null;
            ExportLines src = source;
            while (src.next()) {
                accept(src.bytes, src.start, src.end, ++number, previousEnd);
                previousEnd = src.terminator;
            }
            flush();
        }

        ParseReport report(Tally tally) {
            String reason = this.reason;
            if (swapped > 0) {
                DateOrder other = order == DateOrder.DMY ? DateOrder.MDY : DateOrder.DMY;
                reason += "; " + swapped + " later header" + (swapped == 1 ? "" : "s") + " (first at line " + firstSwappedLine
                        + ") only made sense as " + DateOrderInference.name(other) + " and were read that way";
            }
            Map<Kind, Integer> types = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) if (tally.byType[k.ordinal()] > 0) types.put(k, tally.byType[k.ordinal()]);
            return new ParseReport(tally.messages, Collections.unmodifiableMap(types), List.copyOf(unparsed), unparsedCount,
                    tally.outOfOrder, order, reason, grammar == null ? "unknown" : grammar.platform());
        }

        /** Infers grammar, line-end rule, author separator, LRM cues and date order from the look-ahead lines. */
        private String infer(List<String> ahead, List<Integer> ends) {
            Map<ExportHeaderGrammar, int[]> counts = new LinkedHashMap<>();
            for (String raw : ahead) {
                if (!maybeHeader(raw, null)) continue;
                copy.copy(raw);
                if (scan.scan(copy.chars, copy.length)) counts.computeIfAbsent(ExportHeaderGrammar.of(scan, copy.chars), g -> new int[1])[0]++;
            }
            int best = 0;
            for (Map.Entry<ExportHeaderGrammar, int[]> e : counts.entrySet()) {
                if (e.getValue()[0] > best) {
                    best = e.getValue()[0];
                    grammar = e.getKey();
                }
            }
            List<DateOrderInference.Sample> samples = new ArrayList<>();
            int crlf = 0, lf = 0, withSpace = 0, withoutSpace = 0, cues = 0;
            if (grammar != null) {
                for (int i = 0; i < ahead.size(); i++) {
                    String raw = ahead.get(i);
                    if (!maybeHeader(raw, grammar)) continue;
                    copy.copy(raw);
                    if (!scan.scan(copy.chars, copy.length) || !grammar.matches(scan, copy.chars)) continue;
                    int dateStart = scan.timeFirst ? scan.dateTimeSepEnd : (scan.bracket ? 1 : 0);
                    int dateEnd = scan.timeFirst ? scan.bodyStart - (scan.bracket ? 2 : 1) : scan.dateTimeSepStart;
                    samples.add(new DateOrderInference.Sample(i + 1, copy.text(dateStart, Math.max(dateStart, Math.min(dateEnd, copy.length))).strip(), scan.copy()));
                    if (i > 0) {
                        if (ends.get(i - 1) == ExportLines.CRLF) crlf++;
                        else if (ends.get(i - 1) == ExportLines.LF) lf++;
                    }
                    int colon = indexOf(copy.chars, scan.bodyStart, copy.length, ':');
                    if (colon >= 0) {
                        boolean spaced = false;
                        for (int k = colon; k + 1 < copy.length && !spaced; k++) spaced = copy.chars[k] == ':' && copy.chars[k + 1] == ' ';
                        if (spaced) withSpace++;
                        else if (colon + 1 < copy.length) withoutSpace++;
                    }
                    if (startsWithCue(raw, 0) || bodyCue(raw)) cues++;
                }
            }
            crlfMode = crlf > lf;
            colonNoSpace = withoutSpace > withSpace;
            classifier.cuesExpected = grammar != null && grammar.bracket() && cues > 0;
            scan.names = grammar == null || grammar.monthName();
            if (grammar != null && grammar.monthName()) {
                order = grammar.monthFirst() ? DateOrder.MDY : DateOrder.DMY;
                String why = "the month is written as a name (" + (samples.isEmpty() ? "" : samples.get(0).date() + " at line "
                        + samples.get(0).line()) + "), " + (grammar.monthFirst() ? "before" : "after") + " the day";
                boolean anyYearless = false;
                for (DateOrderInference.Sample sm : samples) anyYearless |= sm.scan().yearless;
                if (anyYearless) {
                    why += "; headers without a year take the year of the last header that has one, else " + yearlessYear
                            + (options.year() != null ? " (set by the importer)" : " (the year of the parse)")
                            + ", one year more whenever a date falls more than 60 days behind the previous header";
                }
                return why;
            }
            if (options.dateOrder() != null) {
                order = options.dateOrder();
                return "set by the importer (" + DateOrderInference.name(order) + ")";
            }
            DateOrderInference.Decision d = grammar == null
                    ? new DateOrderInference.Decision(DateOrder.DMY, "no message header found; D/M/Y assumed")
                    : DateOrderInference.infer(samples, grammar);
            order = d.order();
            return d.reason();
        }

        private boolean bodyCue(String raw) {
            int colon = raw.indexOf(": ");
            return colon >= 0 && colon + 2 < raw.length() && raw.charAt(colon + 2) == '\u200E';
        }

        /** One line, as UTF-8 bytes {@code b[from..to)}: a header starts a message, anything else continues one. */
        private void accept(byte[] b, int from, int to, int number, int previousEnd) {
            if (grammar != null && !(open && crlfMode && previousEnd == ExportLines.LF) && maybeHeader(b, from, to, grammar)) {
                copy.copyUtf8(b, from, to, SHORT_PREFIX);
                boolean header = scan.scan(copy.chars, copy.length);
                if (!header && !copy.whole) { // a header longer than the short prefix (many marks): read more
                    copy.copyUtf8(b, from, to, HEADER_PREFIX);
                    header = scan.scan(copy.chars, copy.length);
                }
                if (header && grammar.matches(scan, copy.chars)) {
                    if (scan.monthName) fillYear();
                    LocalDateTime ts = timestamp();
                    if (ts == null && order != DateOrder.YMD) {
                        ts = ExportHeaderGrammar.timestamp(scan, order == DateOrder.DMY ? DateOrder.MDY : DateOrder.DMY, lenient);
                        if (ts != null && swapped++ == 0) firstSwappedLine = number;
                    }
                    if (ts == null) {
                        unparsed(number, decode(b, from, to));
                        return;
                    }
                    flush();
                    start(b, from, to, number, ts);
                    lastHeader = ts;
                    return;
                }
            }
            if (open) {
                if (lines.size() < MAX_MESSAGE_LINES) lines.add(decode(b, from, to));
            } else {
                String raw = decode(b, from, to);
                if (!MatchingCopy.stripMarks(raw).isBlank()) unparsed(number, raw);
            }
        }

        private static String decode(byte[] b, int from, int to) {
            return new String(b, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
        }

        // the last header's values and timestamp: consecutive messages often share the minute (or second)
        private int tF0 = -1, tF1, tF2, tD2, tHour, tMinute, tSecond, tAmpm;
        private DateOrder tOrder;
        private LocalDateTime tValue;
        private boolean tLenient;

        /** The scanned header's timestamp in the file's order, reusing the previous one when the values repeat. */
        private LocalDateTime timestamp() {
            HeaderScan h = scan;
            boolean plain = !h.monthName && !h.buddhist && h.era[0] == 0 && h.era[1] == 0 && h.era[2] == 0;
            if (plain && tValue != null && h.field[0] == tF0 && h.field[1] == tF1 && h.field[2] == tF2 && h.digits[2] == tD2
                    && h.hour == tHour && h.minute == tMinute && h.second == tSecond && h.ampm == tAmpm && order == tOrder) {
                lenient[0] = tLenient;
                return tValue;
            }
            LocalDateTime ts = ExportHeaderGrammar.timestamp(h, order, lenient);
            if (plain && ts != null) {
                tF0 = h.field[0];
                tF1 = h.field[1];
                tF2 = h.field[2];
                tD2 = h.digits[2];
                tHour = h.hour;
                tMinute = h.minute;
                tSecond = h.second;
                tAmpm = h.ampm;
                tOrder = order;
                tValue = ts;
                tLenient = lenient[0];
            }
            return ts;
        }

        /**
         * A month-name header without a year gets the year of the last header (or the option / current year); a
         * date more than 60 days before the last header's is taken as the next year (the export crossed a New Year).
         */
        private void fillYear() {
            if (!scan.yearless) {
                yearlessYear = scan.digits[2] <= 2 ? 2000 + scan.field[2] : scan.field[2];
                return;
            }
            int y = yearlessYear;
            if (lastHeader != null && scan.field[1] >= 1 && scan.field[1] <= 12 && scan.field[0] >= 1
                    && scan.field[0] <= java.time.YearMonth.of(y, scan.field[1]).lengthOfMonth()
                    && java.time.LocalDate.of(y, scan.field[1], scan.field[0]).isBefore(lastHeader.toLocalDate().minusDays(60))) {
                y++;
                yearlessYear = y;
            }
            scan.field[2] = y;
            scan.digits[2] = 4;
        }

        private void unparsed(int number, String raw) {
            unparsedCount++;
            if (unparsed.size() < MAX_REPORTED_UNPARSED) {
                unparsed.add(new UnparsedLine(number, raw.length() > 500 ? raw.substring(0, 500) : raw));
            }
        }

        private void start(byte[] b, int from, int to, int number, LocalDateTime ts) {
            open = true;
            line = number;
            timestamp = ts;
            clockLenient = lenient[0];
            lines.clear();
            int body = scan.bodyStart;
            cue = startsWithCue(b, from, to);
            int colon = authorEnd(body);
            if (colon < 0 && !copy.whole && copy.length < HEADER_PREFIX) { // a long author: decode more of the line
                copy.copyUtf8(b, from, to, HEADER_PREFIX);
                colon = authorEnd(body);
            }
            int n = copy.length;
            int skip = colonNoSpace ? 1 : 2; // 1: "Bob:Hi" (no space after the colon), 2: "Bob: Hi"
            if (colon > body && colon - body <= 100) {
                author = authors.get(b, from + copy.raw(body), from + copy.raw(colon));
                int at = from + copy.raw(colon) + 1;
                if (skip == 2 && at < to) {
                    if (b[at] == ' ') at++;
                    else if (at + 1 < to && b[at] == (byte) 0xC2 && b[at + 1] == (byte) 0xA0) at += 2; // U+00A0
                    else if (at + 2 < to && b[at] == (byte) 0xE2 && b[at + 1] == (byte) 0x80 && b[at + 2] == (byte) 0xAF) at += 3; // U+202F
                }
                String text = decode(b, at, to);
                cue |= startsWithCue(text, 0);
                lines.add(text);
            } else {
                author = null;
                lines.add(decode(b, from + copy.raw(Math.min(body, n)), to));
            }
        }

        /** Position of the colon after the author in the copy, or -1. */
        private int authorEnd(int body) {
            char[] s = copy.chars;
            int n = copy.length;
            if (colonNoSpace) return indexOf(s, body, n, ':');
            for (int k = body; k + 1 < n; k++) {
                if (s[k] == ':' && s[k + 1] == ' ') return k;
            }
            if (copy.whole && n > body && s[n - 1] == ':') return n - 1; // an author with an empty body
            return -1;
        }

        private void flush() {
            if (!open) return;
            open = false;
            out.emit(line, timestamp, clockLenient, author, cue, lines);
            lines.clear();
        }

        private static boolean startsWithCue(String s, int from) {
            for (int i = from; i < s.length() && i < from + 4; i++) {
                char c = s.charAt(i);
                if (c == '\u200E' || c == '\u200F') return true;
                if (c != '\uFEFF') return false;
            }
            return false;
        }

        /** An LRM or RLM among the first marks of a UTF-8 line (BOMs skipped). */
        private static boolean startsWithCue(byte[] b, int from, int to) {
            for (int i = from; i + 2 < to && i < from + 12; i += 3) {
                if (b[i] == (byte) 0xE2 && b[i + 1] == (byte) 0x80 && (b[i + 2] == (byte) 0x8E || b[i + 2] == (byte) 0x8F)) return true;
                if (!(b[i] == (byte) 0xEF && b[i + 1] == (byte) 0xBB && b[i + 2] == (byte) 0xBF)) return false;
            }
            return false;
        }

        /** {@link #maybeHeader(String, ExportHeaderGrammar)} on UTF-8 bytes. */
        private static boolean maybeHeader(byte[] b, int from, int to, ExportHeaderGrammar g) {
            int i = from;
            for (int k = 0; i < to && k < 6; k++) {
                int c = b[i];
                if (c >= 0) {
                    if (c == '[' || (c >= '0' && c <= '9')) return true;
                    return g.calendar() == ExportHeaderGrammar.JAPANESE || g.monthName();
                }
                c &= 0xFF;
                int len;
                char ch;
                if ((c & 0xE0) == 0xC0 && i + 1 < to) {
                    ch = (char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F));
                    len = 2;
                } else if ((c & 0xF0) == 0xE0 && i + 2 < to) {
                    ch = (char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
                    len = 3;
                } else {
                    return false;
                }
                if (MatchingCopy.isInvisible(ch)) {
                    i += len;
                    continue;
                }
                return (ch >= '\u0660' && ch <= '\u0669') || (ch >= '\u06F0' && ch <= '\u06F9') || ch >= '\u3000'
                        || g.monthName() && Character.isLetter(ch);
            }
            return false;
        }

        /** A cheap first filter: can this line start with a header? */
        private static boolean maybeHeader(String raw, ExportHeaderGrammar g) {
            for (int i = 0; i < raw.length() && i < 6; i++) {
                char c = raw.charAt(i);
                if (c == '[' || (c >= '0' && c <= '9')) return true;
                if (c < 0x80) return g == null || g.calendar() == ExportHeaderGrammar.JAPANESE || g.monthName();
                if (MatchingCopy.isInvisible(c)) continue;
                return (c >= '\u0660' && c <= '\u0669') || (c >= '\u06F0' && c <= '\u06F9') || c >= '\u3000'
                        || (g == null || g.monthName()) && Character.isLetter(c);
            }
            return false;
        }

        private static int indexOf(char[] s, int from, int n, char c) {
            for (int k = from; k < n; k++) if (s[k] == c) return k;
            return -1;
        }
    }
}
