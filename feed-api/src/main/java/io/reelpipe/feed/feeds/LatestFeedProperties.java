package io.reelpipe.feed.feeds;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the latest feed is cached, bound from {@code reelpipe.feed.latest.*}. Short by design: a new video should reach
 * the feed within seconds, and the cache is there to absorb bursts on the same pages, not to hold them long.
 *
 * @param l1Ttl      how long a page stays in each instance's memory; 2 s by default
 * @param l2Ttl      how long a page stays in Redis, before jitter; 5 s by default
 * @param maxEntries the most pages each instance keeps in memory; 10,000 by default
 * @param maxAge     the {@code max-age} clients and shared caches may keep a page for; 2 s by default
 */
@ConfigurationProperties("reelpipe.feed.latest")
record LatestFeedProperties(Duration l1Ttl, Duration l2Ttl, Long maxEntries, Duration maxAge) {

    LatestFeedProperties {
        l1Ttl = l1Ttl == null ? Duration.ofSeconds(2) : l1Ttl;
        l2Ttl = l2Ttl == null ? Duration.ofSeconds(5) : l2Ttl;
        maxEntries = maxEntries == null ? 10_000L : maxEntries;
        maxAge = maxAge == null ? Duration.ofSeconds(2) : maxAge;
        if (l1Ttl.isNegative() || l1Ttl.isZero() || l2Ttl.isNegative() || l2Ttl.isZero()) {
            throw new IllegalArgumentException(
                    "reelpipe.feed.latest.l1-ttl and l2-ttl must be positive, got " + l1Ttl + " and " + l2Ttl);
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("reelpipe.feed.latest.max-entries must be positive, got " + maxEntries);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("reelpipe.feed.latest.max-age must not be negative, got " + maxAge);
        }
    }
}
