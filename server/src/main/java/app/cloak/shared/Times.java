package app.cloak.shared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Wire times are RFC 3339 UTC strings; storage keeps epoch milliseconds. */
public final class Times {
    private Times() {}

    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    public static String isoOrNull(Long epochMillis) {
        return epochMillis == null ? null : iso(epochMillis);
    }
}
