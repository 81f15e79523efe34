package io.reelpipe.upload.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the outbox relay, bound from {@code reelpipe.outbox.*}.
 *
 * @param pollInterval how often the relay looks for unsent rows when nothing woke it
 * @param batchSize    rows claimed per transaction
 * @param maxBackoff   longest pause after a failed publish (broker down)
 */
@ConfigurationProperties("reelpipe.outbox")
public record OutboxProperties(Duration pollInterval, Integer batchSize, Duration maxBackoff) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        batchSize = batchSize == null ? 100 : batchSize;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        if (pollInterval.isNegative() || pollInterval.isZero() || maxBackoff.isNegative() || maxBackoff.isZero()) {
            throw new IllegalArgumentException("reelpipe.outbox durations must be positive");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("reelpipe.outbox.batch-size must be 1..10000, got " + batchSize);
        }
    }
}
