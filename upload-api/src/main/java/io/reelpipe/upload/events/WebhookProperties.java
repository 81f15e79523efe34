package io.reelpipe.upload.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook delivery, bound from {@code reelpipe.webhooks.*}.
 *
 * @param pollInterval        how often the dispatcher looks for due deliveries
 * @param firstRetry          the pause after the first failed attempt; it doubles with each further failure
 * @param maxRetry            the longest pause between attempts
 * @param maxAttempts         attempts before a delivery is given up
 * @param timeout             connect and response timeout of one attempt
 * @param allowPrivateTargets whether endpoints may resolve to loopback or private addresses (tests, local setups);
 *                            off in production so webhooks cannot be aimed at internal services
 * @param maxPerCreator       webhook endpoints one creator may register
 */
@ConfigurationProperties("reelpipe.webhooks")
public record WebhookProperties(
        Duration pollInterval,
        Duration firstRetry,
        Duration maxRetry,
        Integer maxAttempts,
        Duration timeout,
        Boolean allowPrivateTargets,
        Integer maxPerCreator) {

    public WebhookProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        firstRetry = firstRetry == null ? Duration.ofSeconds(10) : firstRetry;
        maxRetry = maxRetry == null ? Duration.ofHours(1) : maxRetry;
        maxAttempts = maxAttempts == null ? 12 : maxAttempts;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        allowPrivateTargets = allowPrivateTargets != null && allowPrivateTargets;
        maxPerCreator = maxPerCreator == null ? 10 : maxPerCreator;
        for (Duration d : new Duration[] {pollInterval, firstRetry, maxRetry, timeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("reelpipe.webhooks durations must be positive, got " + d);
            }
        }
        if (maxAttempts < 1 || maxAttempts > 100 || maxPerCreator < 1) {
            throw new IllegalArgumentException("reelpipe.webhooks.max-attempts must be 1..100 and max-per-creator "
                    + "positive, got " + maxAttempts + " and " + maxPerCreator);
        }
    }

    /** The pause after {@code attempts} failed attempts: exponential, capped. */
    public Duration backoff(int attempts) {
        Duration pause = firstRetry;
        for (int i = 1; i < attempts && pause.compareTo(maxRetry) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxRetry) > 0 ? maxRetry : pause;
    }
}
