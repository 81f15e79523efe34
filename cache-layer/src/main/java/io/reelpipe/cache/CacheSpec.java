package io.reelpipe.cache;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The settings of one {@link TwoTierCache}: its name and how long and how much each tier keeps. Validated on
 * construction, so a record bound from configuration fails the application's start-up rather than a request.
 *
 * @param name        names the cache in metrics (tag {@code cache}) and in its Redis keys: lower-case letters, digits,
 *                    {@code .}, {@code -} and {@code _}, starting with a letter or digit
 * @param l1Ttl       how long a value stays fresh in the in-process tier after it was put there
 * @param l2Ttl       how long a value stays fresh in Redis, before jitter
 * @param maxSize     the most entries the in-process tier keeps; beyond it Caffeine evicts the least valuable ones
 * @param jitter      the fraction of the Redis lifetime added at random to each Redis write, in {@code [0, 1)}, so keys
 *                    written together do not all expire together and stampede the loader at once
 * @param staleTtl    how long after it stops being fresh a value may still be served while one background load
 *                    replaces it (stale-while-revalidate); zero turns that off
 * @param negativeTtl how long "there is nothing" (a loader's empty result, see {@link TwoTierCache#find}) is cached;
 *                    zero caches no absence
 */
public record CacheSpec(String name, Duration l1Ttl, Duration l2Ttl, long maxSize, double jitter, Duration staleTtl,
        Duration negativeTtl) {

    /** The jitter {@link #of} uses: up to a tenth of the Redis TTL. */
    public static final double DEFAULT_JITTER = 0.1;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public CacheSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "cache name must be 1-64 of [a-z0-9._-] starting with a letter or digit, got '" + name + "'");
        }
        requirePositive(name, "l1Ttl", l1Ttl);
        requirePositive(name, "l2Ttl", l2Ttl);
        if (maxSize <= 0) {
            throw new IllegalArgumentException("cache " + name + ": maxSize must be positive, got " + maxSize);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("cache " + name + ": jitter must be in [0, 1), got " + jitter);
        }
        requireNotNegative(name, "staleTtl", staleTtl);
        requireNotNegative(name, "negativeTtl", negativeTtl);
    }

    /** Without stale-while-revalidate and negative caching. */
    public CacheSpec(String name, Duration l1Ttl, Duration l2Ttl, long maxSize, double jitter) {
        this(name, l1Ttl, l2Ttl, maxSize, jitter, Duration.ZERO, Duration.ZERO);
    }

    /** A spec with the {@link #DEFAULT_JITTER default jitter}, without stale serving or negative caching. */
    public static CacheSpec of(String name, Duration l1Ttl, Duration l2Ttl, long maxSize) {
        return new CacheSpec(name, l1Ttl, l2Ttl, maxSize, DEFAULT_JITTER);
    }

    /** This spec serving values up to {@code stale} past freshness while they are reloaded in the background. */
    public CacheSpec withStaleTtl(Duration stale) {
        return new CacheSpec(name, l1Ttl, l2Ttl, maxSize, jitter, stale, negativeTtl);
    }

    /** This spec caching "nothing there" for {@code ttl}. */
    public CacheSpec withNegativeTtl(Duration ttl) {
        return new CacheSpec(name, l1Ttl, l2Ttl, maxSize, jitter, staleTtl, ttl);
    }

    private static void requirePositive(String name, String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("cache " + name + ": " + what + " must be positive, got " + value);
        }
    }

    private static void requireNotNegative(String name, String what, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("cache " + name + ": " + what + " must be zero or positive, got "
                    + value);
        }
    }
}
