package app.cloak.messaging.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Group commit for sends ({@code cloak.messaging.batch.*}): sends that arrive while the previous batch
 * commits are written together in one transaction, then each is acknowledged.
 *
 * @param maxSize       sends per transaction at most, default 256.
 * @param queueCapacity sends waiting for a writer before new ones are refused with 503, default 20000.
 * @param writers       concurrent writing transactions; 1 suits SQLite (one writer anyway), PostgreSQL may
 *                      take more. Default 1.
 * @param timeout       how long a send waits for its commit before the caller gets 503, default 10 s.
 */
@ConfigurationProperties("cloak.messaging.batch")
public record SendBatchSettings(Integer maxSize, Integer queueCapacity, Integer writers, Duration timeout) {
    public SendBatchSettings {
        if (maxSize == null) maxSize = 256;
        if (queueCapacity == null) queueCapacity = 20_000;
        if (writers == null) writers = 1;
        if (timeout == null) timeout = Duration.ofSeconds(10);
    }
}
