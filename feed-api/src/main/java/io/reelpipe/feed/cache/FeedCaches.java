package io.reelpipe.feed.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.cache.CacheInvalidations;
import io.reelpipe.cache.CacheSpec;
import io.reelpipe.cache.TwoTierCache;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * The feed API's caches, all on the application's Redis and meter registry under one key namespace, sharing one
 * pub/sub subscription for invalidations across instances. Each holds finished responses
 * ({@link io.reelpipe.cache.http.CachedBody CachedBody} bytes), so a hit is sent as stored.
 *
 * <ul>
 *   <li>{@link #latest()}, {@link #trending()}, {@link #browse()}: pages that are the same for every anonymous
 *       viewer; {@link #trendingChanged()} drops the trending ones when the trending job has run;</li>
 *   <li>{@link #personal()}: everything that depends on the signed-in viewer, scoped by viewer id;
 *       {@link #viewerChanged} drops all of one viewer's entries on every instance when the viewer likes, follows,
 *       blocks...;</li>
 *   <li>{@link #videos()}: single videos, with unknown ids cached too.</li>
 * </ul>
 */
@Component
public final class FeedCaches {

    private final String namespace;
    private final CacheInvalidations invalidations;
    private final TwoTierCache latest;
    private final TwoTierCache trending;
    private final TwoTierCache browse;
    private final TwoTierCache personal;
    private final TwoTierCache videos;

    FeedCaches(RedisConnectionFactory redis, MeterRegistry registry, FeedCacheProperties properties) {
        this.namespace = properties.namespace();
        this.invalidations = CacheInvalidations.redis(redis, properties.namespace() + ":cache:invalidations", registry);
        this.latest = create("feed-latest", properties.latest(), redis, registry, properties);
        this.trending = create("feed-trending", properties.trending(), redis, registry, properties);
        this.browse = create("feed-browse", properties.browse(), redis, registry, properties);
        this.personal = create("feed-personal", properties.personal(), redis, registry, properties);
        this.videos = create("videos", properties.videos(), redis, registry, properties);
    }

    private TwoTierCache create(String name, FeedCacheProperties.Tier tier, RedisConnectionFactory redis,
            MeterRegistry registry, FeedCacheProperties properties) {
        CacheSpec spec = CacheSpec.of(name, tier.l1Ttl(), tier.l2Ttl(), tier.maxEntries())
                .withStaleTtl(tier.staleTtl())
                // Unknown ids, briefly: a flood of requests for one costs one query per second, not one each.
                .withNegativeTtl(Duration.ofSeconds(1));
        return TwoTierCache.builder(spec)
                .redis(redis)
                .keyPrefix(properties.namespace() + ":cache:")
                .redisBackoff(properties.redisBackoff())
                .invalidations(invalidations)
                .meterRegistry(registry)
                .build();
    }

    /** The first segment of this environment's Redis keys, for other Redis users of the feed API. */
    public String namespace() {
        return namespace;
    }

    public TwoTierCache latest() {
        return latest;
    }

    public TwoTierCache trending() {
        return trending;
    }

    public TwoTierCache browse() {
        return browse;
    }

    public TwoTierCache personal() {
        return personal;
    }

    public TwoTierCache videos() {
        return videos;
    }

    /** Drops every cached response of {@code viewerId}, on every instance. */
    public void viewerChanged(String viewerId) {
        personal.invalidateScope(viewerId);
    }

    /** Drops every cached anonymous trending response, on every instance: the trending job has run. */
    public void trendingChanged() {
        trending.invalidateAll();
    }

    @PreDestroy
    void close() {
        invalidations.close();
    }
}
