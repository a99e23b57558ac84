package app.cloak.archives.internal.parse;

/**
 * How to read an export.
 *
 * @param dateOrder the date order to use, or {@code null} to infer it from the file
 * @param year      the year of the first message in an export whose headers carry no year ("18 Mar 12:14 - "), or
 *                  {@code null} for the year the parse runs in
 * @param threads   1: parse on the calling thread only; 2: a reader thread reads lines and headers while the
 *                  calling thread classifies and calls the sink; 0: 2 when the machine has more than one core
 */
public record ParseOptions(DateOrder dateOrder, Integer year, int threads) {
    public static final ParseOptions DEFAULT = new ParseOptions(null, null, 0);

    /** The date order only (the year of year-less headers and the threads default). */
    public ParseOptions(DateOrder dateOrder) {
        this(dateOrder, null, 0);
    }

    /** The date order and the year of year-less headers (the threads default). */
    public ParseOptions(DateOrder dateOrder, Integer year) {
        this(dateOrder, year, 0);
    }
}
