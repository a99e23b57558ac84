package app.cloak.messaging.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Messaging limits ({@code cloak.messaging.*}).
 *
 * @param maxTextBytes      UTF-8 bytes of one message's text, default 65536 (64 KiB).
 * @param editWindow        how long after sending the sender may edit, default 15 minutes.
 * @param deleteForEveryoneWindow how long after sending the sender may delete for everyone, default 48 hours
 *                          (group admins may always remove a message).
 * @param sendsPerMinute    messages one user may send per minute, default 600.
 */
@ConfigurationProperties("cloak.messaging")
public record MessagingSettings(Integer maxTextBytes, Duration editWindow, Duration deleteForEveryoneWindow,
                                Integer sendsPerMinute) {
    public MessagingSettings {
        if (maxTextBytes == null) maxTextBytes = 64 * 1024;
        if (editWindow == null) editWindow = Duration.ofMinutes(15);
        if (deleteForEveryoneWindow == null) deleteForEveryoneWindow = Duration.ofHours(48);
        if (sendsPerMinute == null) sendsPerMinute = 600;
    }
}
