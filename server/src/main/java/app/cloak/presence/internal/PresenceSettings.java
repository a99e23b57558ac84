package app.cloak.presence.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param heartbeat  {@code CLOAK_PRESENCE_HEARTBEAT}: how often a node refreshes its connected devices and
 *                   sweeps those of stopped nodes. Default 15 s.
 * @param staleAfter {@code CLOAK_PRESENCE_STALE_AFTER}: a device not refreshed for this long is taken
 *                   offline (its node stopped without saying so). Default 60 s.
 */
@ConfigurationProperties("cloak.presence")
public record PresenceSettings(Duration heartbeat, Duration staleAfter) {
    public PresenceSettings {
        if (heartbeat == null) heartbeat = Duration.ofSeconds(15);
        if (staleAfter == null) staleAfter = Duration.ofSeconds(60);
    }
}
