package app.cloak.archives.internal.parse;

/**
 * How to read an export.
 *
 * @param dateOrder the date order to use, or {@code null} to infer it from the file
 */
public record ParseOptions(DateOrder dateOrder) {
    public static final ParseOptions DEFAULT = new ParseOptions(null);
}
