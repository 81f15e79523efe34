package io.reelpipe.feed.feeds;

import io.reelpipe.cache.TwoTierCache;
import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.web.CachedResponses;
import io.reelpipe.feed.web.PageCursor;
import io.reelpipe.feed.web.Paging;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feed pages as finished, cached JSON: at most one SQL statement per page load (get_feed_videos), none on a cache
 * hit. Anonymous pages are shared by every anonymous viewer; a signed-in viewer's pages (which carry their like and
 * bookmark flags and leave out whom they blocked) live in their own cache scope, dropped when they interact.
 */
@Service
public final class FeedPages {

    private final FeedQuery query;
    private final JsonMapper json;
    private final FeedCaches caches;

    FeedPages(FeedQuery query, JsonMapper json, FeedCaches caches) {
        this.query = query;
        this.json = json;
        this.caches = caches;
    }

    /** The page, from the cache or loaded once however many requests want it at the same time. */
    CachedBody page(FeedRequest request) {
        TwoTierCache cache = cacheFor(request);
        byte[] stored = request.viewer() != null
                ? cache.get(request.viewer(), request.cacheKey(), key -> load(request))
                : cache.get(request.cacheKey(), key -> load(request));
        return CachedBody.decode(stored);
    }

    /** The {@code Cache-Control} of a page: public only when it is the same for everybody. */
    static String cacheControl(FeedRequest request) {
        if (request.viewer() != null) {
            return request.type() == FeedType.FOR_YOU
                    ? CachedResponses.PRIVATE_RECOMMENDATIONS : CachedResponses.PRIVATE_REVALIDATE;
        }
        return switch (request.type()) {
            case LATEST -> "public, max-age=2";
            case TRENDING, FOR_YOU -> CachedResponses.PUBLIC_TRENDING;
            default -> "public, max-age=30";
        };
    }

    /**
     * Search results for videos: the best matches of {@code tsquery} first.
     *
     * @param tsquery a text-search query in PostgreSQL's {@code to_tsquery} syntax, built by the search API
     * @param cursor  a previous page's {@code nextCursor}, or {@code null}
     * @param viewer  the signed-in viewer's id, or {@code null}
     */
    public CachedBody search(String tsquery, int limit, String cursor, String viewer) {
        return page(new FeedRequest(FeedType.SEARCH, tsquery, Paging.limit(limit), cursor(cursor, FeedType.SEARCH),
                viewer));
    }

    /** The cursor a client sent for a feed of {@code type}, {@code null} for the first page. */
    static PageCursor cursor(String cursor, FeedType type) {
        return Paging.cursor(cursor, type.keyset());
    }

    private TwoTierCache cacheFor(FeedRequest request) {
        if (request.viewer() != null) {
            return caches.personal();
        }
        return switch (request.type()) {
            case LATEST -> caches.latest();
            case TRENDING, FOR_YOU -> caches.trending();
            default -> caches.browse();
        };
    }

    private byte[] load(FeedRequest request) {
        return CachedBody.of(json.writeValueAsBytes(query.load(request))).encode();
    }
}
