package io.reelpipe.upload.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the outbox relay, bound from {@code reelpipe.outbox.*}.
 *
 * @param pollInterval          how often the relay looks for unsent rows when nothing woke it
 * @param batchSize             rows claimed per transaction
 * @param maxBackoff            longest pause after a failed publish (broker down)
 * @param maxInFlightPerCreator jobs of one creator the relay lets be in flight on one queue at once (published, not
 *                              finished, within the lease); the creator's further jobs wait in the outbox
 * @param inFlightLease         how long a published job holds its creator's slot at most, whether or not it finished,
 *                              so a job whose end is never reported (dead-lettered after a worker crash) cannot hold a
 *                              slot forever; longer than a job's queue wait plus its run time
 */
@ConfigurationProperties("reelpipe.outbox")
public record OutboxProperties(
        Duration pollInterval, Integer batchSize, Duration maxBackoff, Integer maxInFlightPerCreator,
        Duration inFlightLease) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        batchSize = batchSize == null ? 100 : batchSize;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        maxInFlightPerCreator = maxInFlightPerCreator == null ? 4 : maxInFlightPerCreator;
        inFlightLease = inFlightLease == null ? Duration.ofMinutes(30) : inFlightLease;
        requirePositive("poll-interval", pollInterval);
        requirePositive("max-backoff", maxBackoff);
        requirePositive("in-flight-lease", inFlightLease);
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("reelpipe.outbox.batch-size must be 1..10000, got " + batchSize);
        }
        if (maxInFlightPerCreator < 1 || maxInFlightPerCreator > 10_000) {
            throw new IllegalArgumentException(
                    "reelpipe.outbox.max-in-flight-per-creator must be 1..10000, got " + maxInFlightPerCreator);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("reelpipe.outbox." + name + " must be positive, got " + value);
        }
    }
}
