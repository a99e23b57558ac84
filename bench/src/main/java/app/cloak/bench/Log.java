package app.cloak.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress goes to stderr, results to stdout. */
final class Log {
    private Log() {}

    static void info(String format, Object... args) {
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + format.formatted(args));
    }
}
