package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void valuesFlagsDefaultsAndTypos() {
        Options o = Options.parse(new String[] {"ws-send", "--rate", "1_000", "--find-max", "--duration=90s", "--typo", "x"}, Set.of("find-max"));
        assertEquals(List.of("ws-send"), o.positional());
        assertEquals(1000.0, o.number("rate", 1));
        assertTrue(o.flag("find-max"));
        assertEquals(Duration.ofSeconds(90), o.duration("duration", Duration.ZERO));
        assertEquals(32, o.integer("senders", 32));
        assertEquals(List.of("typo"), o.unused());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(250), Options.parseDuration("250ms"));
        assertEquals(Duration.ofMillis(1500), Options.parseDuration("1.5s"));
        assertEquals(Duration.ofMinutes(2), Options.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), Options.parseDuration("1h"));
        assertEquals(Duration.ofSeconds(7), Options.parseDuration("7"));
    }
}
