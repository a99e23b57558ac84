package app.cloak.identity.internal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * One-time login codes ({@code cloak.otp.*}).
 *
 * @param sender          {@code CLOAK_OTP_SENDER}: {@code log} (default; the code goes to the server log) or
 *                        {@code http} (an SMS gateway, see {@code http-url}).
 * @param ttl             code lifetime, default 5 minutes.
 * @param maxAttempts     wrong tries before a code is dead, default 5.
 * @param perPhonePerHour codes sent to one phone per hour, default 5.
 * @param perIpPerHour    code requests from one IP per hour, default 30.
 * @param verifyPerIpPerHour verify calls from one IP per hour, default 120.
 * @param httpUrl         {@code CLOAK_OTP_HTTP_URL}: the gateway endpoint receiving {@code POST {"to","text"}}.
 * @param httpToken       {@code CLOAK_OTP_HTTP_TOKEN}: sent as {@code Authorization: Bearer}; optional.
 */
@ConfigurationProperties("cloak.otp")
record OtpSettings(String sender, Duration ttl, Integer maxAttempts, Integer perPhonePerHour, Integer perIpPerHour,
                   Integer verifyPerIpPerHour, URI httpUrl, String httpToken) {
    OtpSettings {
        if (sender == null || sender.isBlank()) sender = "log";
        if (ttl == null) ttl = Duration.ofMinutes(5);
        if (maxAttempts == null) maxAttempts = 5;
        if (perPhonePerHour == null) perPhonePerHour = 5;
        if (perIpPerHour == null) perIpPerHour = 30;
        if (verifyPerIpPerHour == null) verifyPerIpPerHour = 120;
    }
}
