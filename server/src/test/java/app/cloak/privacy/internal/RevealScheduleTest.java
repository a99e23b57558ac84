package app.cloak.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RevealScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void theNextDailyRevealIsLaterTodayOrTomorrowInTheUsersZone() {
        // 16:30 in Berlin (UTC+1 in winter): 18:00 Berlin is 17:00 UTC the same day.
        assertThat(RevealSchedule.nextDaily(18, BERLIN, at("2026-11-27T15:30:00Z"))).isEqualTo(at("2026-11-27T17:00:00Z"));
        // Exactly at 18:00 Berlin: strictly after, so tomorrow.
        assertThat(RevealSchedule.nextDaily(18, BERLIN, at("2026-11-27T17:00:00Z"))).isEqualTo(at("2026-11-28T17:00:00Z"));
        assertThat(RevealSchedule.nextDaily(7, BERLIN, at("2026-11-27T20:00:00Z"))).isEqualTo(at("2026-11-28T06:00:00Z"));
    }

    @Test
    void daylightSavingChangesKeepTheWallClockHour() {
        // Summer time starts in Berlin on 2027-03-28: 18:00 is then 16:00 UTC.
        assertThat(RevealSchedule.nextDaily(18, BERLIN, at("2027-03-27T18:00:00Z"))).isEqualTo(at("2027-03-28T16:00:00Z"));
        // An hour that does not exist that night (02:00 → 03:00) still fires, at the shifted time.
        assertThat(RevealSchedule.nextDaily(2, BERLIN, at("2027-03-27T23:00:00Z"))).isEqualTo(at("2027-03-28T01:00:00Z"));
    }
}
