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
 * @param expirySweep       {@code CLOAK_MESSAGING_EXPIRY_SWEEP}: how often the cluster deletes expired disappearing
 *                          messages (one node at a time), default 30 seconds. Expired messages are hidden from
 *                          every read at once; this only bounds how long their rows linger.
 * @param feedRetention     {@code CLOAK_MESSAGING_FEED_RETENTION}: how long the change feed keeps a change, default
 *                          30 days. A device whose sync cursor is older gets {@code cursor_expired} and reloads its
 *                          chats over REST, then syncs without a cursor.
 * @param feedTail          {@code CLOAK_MESSAGING_FEED_TAIL}: how many of the newest changes a single node keeps in
 *                          memory to hand new messages to its devices without reading the database, default 8192;
 *                          0 turns it off. Always off in a cluster (with {@code CLOAK_NATS_URL}).
 */
@ConfigurationProperties("cloak.messaging")
public record MessagingSettings(Integer maxTextBytes, Duration editWindow, Duration deleteForEveryoneWindow,
                                Integer sendsPerMinute, Duration expirySweep, Duration feedRetention,
                                Integer feedTail) {
    public MessagingSettings {
        if (maxTextBytes == null) maxTextBytes = 64 * 1024;
        if (editWindow == null) editWindow = Duration.ofMinutes(15);
        if (deleteForEveryoneWindow == null) deleteForEveryoneWindow = Duration.ofHours(48);
        if (sendsPerMinute == null) sendsPerMinute = 600;
        if (expirySweep == null) expirySweep = Duration.ofSeconds(30);
        if (feedRetention == null) feedRetention = Duration.ofDays(30);
        if (feedTail == null) feedTail = 8192;
        if (feedTail < 0 || feedTail > 1 << 20) throw new IllegalArgumentException("cloak.messaging.feed-tail is 0 (off) to 1048576");
        if (expirySweep.isNegative() || expirySweep.isZero()) {
            throw new IllegalArgumentException("cloak.messaging.expiry-sweep must be a positive duration");
        }
    }
}
