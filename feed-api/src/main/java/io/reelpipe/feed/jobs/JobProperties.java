package io.reelpipe.feed.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The scheduled jobs, bound from {@code reelpipe.feed.jobs.*}. Every instance schedules them; a lock row in
 * PostgreSQL (ShedLock) lets one instance run each at a time, and keeps the others from running it again within
 * {@code minGap}.
 *
 * @param enabled                 whether this instance schedules the jobs at all; true by default
 * @param initialDelay            how long after start-up the first runs wait; 10 s by default
 * @param trendingInterval        how often trending is recomputed; 5 minutes by default
 * @param recommendationsInterval how often recommendations are recomputed; 15 minutes by default
 * @param minGap                  the least time between two runs of a job, across instances (ShedLock's
 *                                lock-at-least-for); one minute by default
 * @param statementTimeout        the statement timeout of a job's transactions (feed requests have 5 s); 2 minutes
 * @param recommendationsBatch    how many users one recommendation transaction serves; 200 by default
 * @param recommendationsMaxUsers the most users one run serves (the stalest first); 100,000 by default
 */
@ConfigurationProperties("reelpipe.feed.jobs")
public record JobProperties(Boolean enabled, Duration initialDelay, Duration trendingInterval,
        Duration recommendationsInterval, Duration minGap, Duration statementTimeout, Integer recommendationsBatch,
        Integer recommendationsMaxUsers) {

    public JobProperties {
        enabled = enabled == null || enabled;
        initialDelay = initialDelay == null ? Duration.ofSeconds(10) : initialDelay;
        trendingInterval = trendingInterval == null ? Duration.ofMinutes(5) : trendingInterval;
        recommendationsInterval = recommendationsInterval == null ? Duration.ofMinutes(15) : recommendationsInterval;
        minGap = minGap == null ? Duration.ofMinutes(1) : minGap;
        statementTimeout = statementTimeout == null ? Duration.ofMinutes(2) : statementTimeout;
        recommendationsBatch = recommendationsBatch == null ? 200 : recommendationsBatch;
        recommendationsMaxUsers = recommendationsMaxUsers == null ? 100_000 : recommendationsMaxUsers;
        if (!trendingInterval.isPositive() || !recommendationsInterval.isPositive() || minGap.isNegative()
                || !statementTimeout.isPositive() || initialDelay.isNegative()) {
            throw new IllegalArgumentException("reelpipe.feed.jobs intervals and timeouts must be positive, got "
                    + trendingInterval + ", " + recommendationsInterval + ", " + minGap + ", " + statementTimeout);
        }
        if (recommendationsBatch < 1 || recommendationsMaxUsers < 1) {
            throw new IllegalArgumentException("reelpipe.feed.jobs.recommendations-batch and max-users must be"
                    + " positive, got " + recommendationsBatch + " and " + recommendationsMaxUsers);
        }
    }
}
