package io.reelpipe.feed.views;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the view pipeline needs to know about a video (owner, status, visibility, duration), remembered in memory so a
 * batch of events costs at most one query, for the videos not remembered yet: Caffeine's bulk load asks for all of a
 * request's misses in one {@code WHERE id = ANY (?)}. A READY video is remembered {@code video-cache-ttl}; an unknown
 * or unfinished one 2 s, so a video that just became READY is viewable almost at once.
 */
@Component
final class VideoFacts {

    /**
     * One video's facts.
     *
     * @param ownerId    its creator
     * @param ready      whether its status is READY
     * @param visibility PUBLIC, UNLISTED or PRIVATE
     * @param durationMs its duration, or {@code null} when unknown
     */
    record Fact(String ownerId, boolean ready, String visibility, Integer durationMs) {

        /** Whether {@code viewerId} (or an anonymous viewer, {@code null}) may watch it: private ones are the owner's. */
        boolean visibleTo(String viewerId) {
            return !"PRIVATE".equals(visibility) || ownerId.equals(viewerId);
        }

        /** The watch time after which a view counts: {@code minWatch}, or half of a shorter video. */
        long minimumWatchMs(Duration minWatch) {
            long min = minWatch.toMillis();
            return durationMs == null || durationMs <= 0 ? min : Math.min(min, durationMs / 2);
        }
    }

    private static final Duration UNSETTLED_TTL = Duration.ofSeconds(2);

    private final LoadingCache<UUID, Optional<Fact>> cache;

    VideoFacts(JdbcClient jdbc, ViewsProperties properties, MeterRegistry registry) {
        long settledNanos = properties.videoCacheTtl().toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfter(Expiry.<UUID, Optional<Fact>>creating((id, fact) -> fact.filter(Fact::ready).isPresent()
                        ? Duration.ofNanos(settledNanos) : UNSETTLED_TTL))
                .recordStats()
                .build(new CacheLoader<>() {
                    @Override
                    public Optional<Fact> load(UUID id) {
                        return loadAll(Set.of(id)).get(id);
                    }

                    @Override
                    public Map<UUID, Optional<Fact>> loadAll(Set<? extends UUID> ids) {
                        Map<UUID, Optional<Fact>> found = new HashMap<>();
                        jdbc.sql("""
                                SELECT id, owner_id, status, visibility, duration_ms FROM videos WHERE id = ANY (?)
                                """)
                                .param(ids.toArray(UUID[]::new))
                                .query(rs -> {
                                    Integer duration = rs.getObject("duration_ms", Integer.class);
                                    found.put(rs.getObject("id", UUID.class), Optional.of(new Fact(
                                            rs.getString("owner_id"), "READY".equals(rs.getString("status")),
                                            rs.getString("visibility"), duration)));
                                });
                        for (UUID id : ids) {
                            found.putIfAbsent(id, Optional.empty());
                        }
                        return found;
                    }
                });
        CaffeineCacheMetrics.monitor(registry, cache, "views-videos");
    }

    /** The facts of each of {@code ids} (empty for an unknown video), loading the ones not remembered in one query. */
    Map<UUID, Optional<Fact>> facts(Collection<UUID> ids) {
        return cache.getAll(ids);
    }
}
