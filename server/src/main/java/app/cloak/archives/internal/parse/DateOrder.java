package app.cloak.archives.internal.parse;

/** The order of day, month and year in an export's dates. */
public enum DateOrder {
    /** Day, month, year (en-GB, de, fr, …). */
    DMY,
    /** Month, day, year (en-US). */
    MDY,
    /** Year, month, day (ISO-like regions, zh, hu, en-CA). */
    YMD
}
