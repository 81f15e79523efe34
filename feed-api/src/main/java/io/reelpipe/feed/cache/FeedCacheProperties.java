package io.reelpipe.feed.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the feed API caches, bound from {@code reelpipe.feed.cache.*}.
 *
 * @param namespace    the first segment of every Redis key ({@code <namespace>:cache:<cache>:<key>}) and of the
 *                     invalidation channel, so environments and test runs that share one Redis never read each
 *                     other's entries; {@code reelpipe} by default
 * @param redisBackoff how long a cache leaves Redis alone after a failed call, before one probe; one second by default
 * @param latest       anonymous pages of the latest feed: fresh for seconds, so a new video shows up quickly
 * @param trending     anonymous trending pages and lists: recomputed every 5 minutes, dropped when that happens
 * @param browse       anonymous creator, series, hashtag, sound and search pages
 * @param personal     everything that depends on the signed-in viewer (liked/bookmarked flags, blocks), one scope
 *                     per viewer, dropped as a whole when the viewer likes, follows, blocks...
 * @param videos       single videos by id, with absences cached too (negative caching)
 */
@ConfigurationProperties("reelpipe.feed.cache")
record FeedCacheProperties(String namespace, Duration redisBackoff, Tier latest, Tier trending, Tier browse,
        Tier personal, Tier videos) {

    FeedCacheProperties {
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
        latest = latest != null ? latest : new Tier(seconds(2), seconds(5), seconds(10), 10_000L);
        trending = trending != null ? trending : new Tier(seconds(30), seconds(60), seconds(300), 10_000L);
        browse = browse != null ? browse : new Tier(seconds(10), seconds(30), seconds(60), 20_000L);
        personal = personal != null ? personal : new Tier(seconds(20), seconds(60), seconds(60), 5_000L);
        videos = videos != null ? videos : new Tier(seconds(5), seconds(10), seconds(10), 50_000L);
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    /**
     * One cache's lifetimes and size.
     *
     * @param l1Ttl      how long an entry is fresh in each instance's memory
     * @param l2Ttl      how long it is fresh in Redis (before jitter)
     * @param staleTtl   how long after that it is still served while one background load replaces it
     * @param maxEntries the most entries each instance keeps in memory
     */
    record Tier(Duration l1Ttl, Duration l2Ttl, Duration staleTtl, Long maxEntries) {

        Tier {
            if (l1Ttl == null || l2Ttl == null || staleTtl == null || maxEntries == null) {
                throw new IllegalArgumentException("a reelpipe.feed.cache tier needs l1-ttl, l2-ttl, stale-ttl and"
                        + " max-entries, got " + l1Ttl + ", " + l2Ttl + ", " + staleTtl + ", " + maxEntries);
            }
            if (!l1Ttl.isPositive() || !l2Ttl.isPositive() || staleTtl.isNegative() || maxEntries <= 0) {
                throw new IllegalArgumentException("a reelpipe.feed.cache tier needs positive TTLs and size, got "
                        + l1Ttl + ", " + l2Ttl + ", " + staleTtl + ", " + maxEntries);
            }
        }
    }
}
