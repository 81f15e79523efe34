package io.reelpipe.feed.feeds;

import io.reelpipe.cache.CacheSpec;
import io.reelpipe.cache.TwoTierCache;
import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.catalog.VideoRepresentation;
import io.reelpipe.feed.cache.FeedCaches;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The latest feed: public READY videos, newest first, one SQL statement per page load and none on a cache hit. Pages
 * are cached as finished JSON with their ETag, keyed by limit and cursor; the first page is the hot one, and its
 * short TTL is what bounds how long a new video takes to show up.
 */
@Service
final class LatestFeed {

    static final String CACHE_NAME = "feed-latest";

    private final VideoCatalog catalog;
    private final JsonMapper json;
    private final TwoTierCache cache;

    LatestFeed(VideoCatalog catalog, JsonMapper json, FeedCaches caches, LatestFeedProperties properties) {
        this.catalog = catalog;
        this.json = json;
        this.cache = caches.create(
                CacheSpec.of(CACHE_NAME, properties.l1Ttl(), properties.l2Ttl(), properties.maxEntries()));
    }

    /** The page of at most {@code limit} videos after {@code after} (from the top when {@code null}). */
    CachedBody page(int limit, FeedCursor after) {
        // The version segment lets a change of the page format ship without reading old pages from Redis.
        String key = "v1:" + limit + ":" + (after == null ? "-" : after.encode());
        return CachedBody.decode(cache.get(key, k -> load(limit, after)));
    }

    private byte[] load(int limit, FeedCursor after) {
        // One row more than asked tells whether a next page exists, so the last page says so with a null cursor.
        List<VideoRepresentation> rows = after == null
                ? catalog.latestPublic(limit + 1, null, null)
                : catalog.latestPublic(limit + 1, after.createdAt(), after.id());
        boolean more = rows.size() > limit;
        List<VideoRepresentation> items = more ? rows.subList(0, limit) : rows;
        String next = more ? FeedCursor.after(items.getLast()).encode() : null;
        return CachedBody.of(json.writeValueAsBytes(new FeedPage(items, next))).encode();
    }
}
