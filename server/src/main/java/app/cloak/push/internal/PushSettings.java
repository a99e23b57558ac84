package app.cloak.push.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Web Push ({@code cloak.push.*}).
 *
 * @param vapidPublicKey  {@code CLOAK_PUSH_VAPID_PUBLIC_KEY}: base64url uncompressed P-256 point (the format web-push
 *                        tools print), or the first line of a node's {@code vapid.keys} (X.509); with the private
 *                        key. Blank: a key pair is generated on first start into {@code <dataDir>/secrets/vapid.keys}
 *                        (0600). Cluster nodes must share one pair.
 * @param vapidPrivateKey {@code CLOAK_PUSH_VAPID_PRIVATE_KEY}: base64url 32-byte private scalar, or the second line of
 *                        {@code vapid.keys} (PKCS#8).
 * @param subject         {@code CLOAK_PUSH_SUBJECT}: the VAPID contact ({@code mailto:…} or {@code https://…}), default
 *                        {@code mailto:admin@localhost}; push services may contact it about problems.
 * @param batchWindow     {@code CLOAK_PUSH_BATCH_WINDOW}: messages in one chat within this window become one
 *                        notification, default 3 s.
 * @param maxAttempts     {@code CLOAK_PUSH_MAX_ATTEMPTS}: tries per notification and subscription when the push
 *                        service fails (5xx, 429, network), default 5.
 * @param retryDelay      {@code CLOAK_PUSH_RETRY_DELAY}: the first retry's delay, doubled for each next one, default 2 s.
 * @param ttl             {@code CLOAK_PUSH_TTL}: how long the push service keeps an undelivered notification, default 1 day.
 * @param allowInsecureEndpoints {@code CLOAK_PUSH_ALLOW_INSECURE_ENDPOINTS}: accept {@code http://} subscription endpoints
 *                        (tests, local push servers); default false: only {@code https://}.
 */
@ConfigurationProperties("cloak.push")
public record PushSettings(String vapidPublicKey, String vapidPrivateKey, String subject, Duration batchWindow,
                           Integer maxAttempts, Duration retryDelay, Duration ttl, Boolean allowInsecureEndpoints) {
    public PushSettings {
        if (subject == null || subject.isBlank()) subject = "mailto:admin@localhost";
        if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
            throw new IllegalArgumentException("cloak.push.subject must start with mailto: or https://");
        }
        if (batchWindow == null) batchWindow = Duration.ofSeconds(3);
        if (maxAttempts == null) maxAttempts = 5;
        if (retryDelay == null) retryDelay = Duration.ofSeconds(2);
        if (ttl == null) ttl = Duration.ofDays(1);
        if (allowInsecureEndpoints == null) allowInsecureEndpoints = false;
        if (batchWindow.isNegative() || maxAttempts < 1 || retryDelay.isNegative() || ttl.isNegative()) {
            throw new IllegalArgumentException("cloak.push: windows, delays and attempts must be positive");
        }
    }
}
