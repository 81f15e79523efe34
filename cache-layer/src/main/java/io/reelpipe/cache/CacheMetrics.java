package io.reelpipe.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meter names and tags every {@link TwoTierCache} reports under, in one place so dashboards and alert rules have
 * one list to follow. Each meter carries the tag {@code cache} (the cache's name); hits, misses and errors also carry
 * {@code tier} ({@code l1} in-process, {@code l2} Redis).
 */
final class CacheMetrics {

    /** Lookups answered by a tier; on {@code l1} this includes callers that joined a load already under way. */
    static final String HITS = "reelpipe.cache.hits";
    /** Lookups a tier could not answer. */
    static final String MISSES = "reelpipe.cache.misses";
    /** Calls to the loader, tagged {@code result} {@code success} or {@code failure}. */
    static final String LOADS = "reelpipe.cache.loads";
    /** Failed calls to a tier, absorbed. */
    static final String ERRORS = "reelpipe.cache.errors";
    /** 1 while a tier is usable, 0 during an outage. */
    static final String AVAILABLE = "reelpipe.cache.available";
    /** Entries currently in the in-process tier. */
    static final String SIZE = "reelpipe.cache.size";
    /** Values served past their freshness while a background load replaces them (stale-while-revalidate). */
    static final String STALE = "reelpipe.cache.stale";
    /** Background loads that replace stale values, tagged {@code result} {@code success} or {@code failure}. */
    static final String REFRESHES = "reelpipe.cache.refreshes";
    /** Invalidations: made here ({@code origin=local}) or received from another instance ({@code origin=remote}). */
    static final String INVALIDATIONS = "reelpipe.cache.invalidations";
    /** The state of the circuit breaker in front of Redis: 0 closed, 1 open, 2 half-open. */
    static final String BREAKER = "reelpipe.cache.breaker.state";
    /** How long loader calls take, tagged {@code cache}. */
    static final String LOAD_TIME = "reelpipe.cache.load.time";

    static final String L1 = "l1";
    static final String L2 = "l2";

    private CacheMetrics() {}

    static Counter hits(MeterRegistry registry, String cache, String tier) {
        return Counter.builder(HITS).description("Cache lookups answered by the tier")
                .tag("cache", cache).tag("tier", tier).register(registry);
    }

    static Counter misses(MeterRegistry registry, String cache, String tier) {
        return Counter.builder(MISSES).description("Cache lookups the tier could not answer")
                .tag("cache", cache).tag("tier", tier).register(registry);
    }

    static Counter loads(MeterRegistry registry, String cache, String result) {
        return Counter.builder(LOADS).description("Calls to the cache's loader")
                .tag("cache", cache).tag("result", result).register(registry);
    }

    static Counter refreshes(MeterRegistry registry, String cache, String result) {
        return Counter.builder(REFRESHES).description("Background loads replacing stale values")
                .tag("cache", cache).tag("result", result).register(registry);
    }

    static Counter invalidations(MeterRegistry registry, String cache, String origin) {
        return Counter.builder(INVALIDATIONS).description("Invalidations made here or received from other instances")
                .tag("cache", cache).tag("origin", origin).register(registry);
    }
}
