package app.cloak.archives.internal.parse;

/**
 * How to read an export.
 *
 * @param dateOrder the date order to use, or {@code null} to infer it from the file
 * @param year      the year of the first message in an export whose headers carry no year ("18 Mar 12:14 - "), or
 *                  {@code null} for the year the parse runs in
 */
public record ParseOptions(DateOrder dateOrder, Integer year) {
    public static final ParseOptions DEFAULT = new ParseOptions(null, null);

    /** The date order only (the year of year-less headers defaults). */
    public ParseOptions(DateOrder dateOrder) {
        this(dateOrder, null);
    }
}
