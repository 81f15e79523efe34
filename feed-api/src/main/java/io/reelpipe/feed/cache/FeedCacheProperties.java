package io.reelpipe.feed.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What all of the feed API's caches share, bound from {@code reelpipe.feed.cache.*}.
 *
 * @param namespace    the first segment of every Redis key ({@code <namespace>:cache:<cache>:<key>}), so environments
 *                     and test runs that share one Redis never read each other's entries; {@code reelpipe} by default
 * @param redisBackoff how long a cache leaves Redis alone after a failed call; one second by default
 */
@ConfigurationProperties("reelpipe.feed.cache")
record FeedCacheProperties(String namespace, Duration redisBackoff) {

    public FeedCacheProperties {
        namespace = namespace == null ? "reelpipe" : namespace;
        redisBackoff = redisBackoff == null ? Duration.ofSeconds(1) : redisBackoff;
        if (!namespace.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException(
                    "reelpipe.feed.cache.namespace must be 1-64 of [a-z0-9._-], got '" + namespace + "'");
        }
        if (redisBackoff.isNegative()) {
            throw new IllegalArgumentException(
                    "reelpipe.feed.cache.redis-backoff must not be negative, got " + redisBackoff);
        }
    }
}
