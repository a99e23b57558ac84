package app.cloak.privacy.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param revealCheck {@code CLOAK_PRIVACY_REVEAL_CHECK}: how often the cluster looks for scheduled reveals
 *                    that are due (a reveal fires at most this late, never early). Default 1 s.
 */
@ConfigurationProperties("cloak.privacy")
public record PrivacySettings(Duration revealCheck) {
    public PrivacySettings {
        if (revealCheck == null) revealCheck = Duration.ofSeconds(1);
    }
}
