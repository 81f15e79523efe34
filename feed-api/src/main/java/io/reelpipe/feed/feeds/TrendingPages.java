package io.reelpipe.feed.feeds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.web.Paging;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The hottest public page, {@code GET /v1/trending/videos} (first page, any valid {@code limit}), as this instance
 * holds it fresh in memory: what the fast paths ahead of the web framework ({@link TrendingEdgeHandler},
 * {@link CachedTrendingFilter}) send without going through {@link FeedController}, which keeps the cache filled.
 * Pages sent this way are counted in {@code reelpipe.feed.fast.hits}, tagged with the {@link Layer} that sent them.
 */
@Component
final class TrendingPages {

    static final String PATH = "/v1/trending/videos";

    /** Where a page was sent from. */
    enum Layer {
        /** {@link TrendingEdgeHandler}, in front of the servlet container. */
        JETTY,
        /** {@link CachedTrendingFilter}, inside it. */
        SERVLET
    }

    private final FeedCaches caches;
    private final Map<Layer, Counter> served = new EnumMap<>(Layer.class);
    /** The cache key of each first page by its limit, built once rather than on every hit. */
    private final String[] keys = new String[Paging.MAX_LIMIT + 1];

    TrendingPages(FeedCaches caches, MeterRegistry registry) {
        this.caches = caches;
        for (int limit = 1; limit <= Paging.MAX_LIMIT; limit++) {
            keys[limit] = new FeedRequest(FeedType.TRENDING, null, limit, null, null).cacheKey();
        }
        for (Layer layer : Layer.values()) {
            served.put(layer, Counter.builder("reelpipe.feed.fast.hits")
                    .description("Cached trending pages served ahead of the web framework")
                    .tag("layer", layer.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    /**
     * The page a first-page query asks for, counted as served by {@code layer}, or {@code null} when the query is
     * anything else or the page is not held fresh here (the controller then answers).
     */
    CachedBody fresh(String query, Layer layer) {
        int limit = firstPageLimit(query);
        byte[] page = limit == 0 ? null : caches.trending().peek(keys[limit]);
        if (page == null) {
            return null;
        }
        served.get(layer).increment();
        return CachedBody.decode(page);
    }

    /** The limit of a first-page query ({@code null} or exactly {@code limit=N}, N valid), or 0 for anything else. */
    static int firstPageLimit(String query) {
        if (query == null || query.isEmpty()) {
            return Paging.DEFAULT_LIMIT;
        }
        if (!query.startsWith("limit=") || query.length() > "limit=".length() + 2) {
            return 0;
        }
        int limit = 0;
        for (int i = "limit=".length(); i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            limit = limit * 10 + (c - '0');
        }
        return limit >= 1 && limit <= Paging.MAX_LIMIT ? limit : 0;
    }
}
