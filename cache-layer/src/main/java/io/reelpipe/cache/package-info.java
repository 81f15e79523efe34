/**
 * The two-tier cache any ReelPipe service can use: {@link io.reelpipe.cache.TwoTierCache} (Caffeine in-process over
 * Redis, with request coalescing, TTL jitter, invalidation, graceful degradation without Redis and metrics), configured
 * by a {@link io.reelpipe.cache.CacheSpec}.
 */
package io.reelpipe.cache;
