package io.reelpipe.feed.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.cache.CacheSpec;
import io.reelpipe.cache.TwoTierCache;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Makes the feed API's two-tier caches, all on the application's Redis and meter registry under one key namespace,
 * so each feature only says how long and how much it caches.
 */
@Component
public final class FeedCaches {

    private final RedisConnectionFactory redis;
    private final MeterRegistry registry;
    private final FeedCacheProperties properties;

    FeedCaches(RedisConnectionFactory redis, MeterRegistry registry, FeedCacheProperties properties) {
        this.redis = redis;
        this.registry = registry;
        this.properties = properties;
    }

    /** A new cache; call once per cache name, at start-up. */
    public TwoTierCache create(CacheSpec spec) {
        return TwoTierCache.builder(spec)
                .redis(redis)
                .keyPrefix(properties.namespace() + ":cache:")
                .redisBackoff(properties.redisBackoff())
                .meterRegistry(registry)
                .build();
    }
}
