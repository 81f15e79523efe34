package io.reelpipe.feed.search;

import io.reelpipe.cache.TwoTierCache;
import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.feed.auth.Viewer;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.feeds.FeedPages;
import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.CachedResponses;
import io.reelpipe.feed.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/search?q=...&type=videos|users|sounds}: ranked full-text search with prefix matching. Videos come as
 * a feed page (same items, keyset {@code cursor}); users and sounds as the best {@code limit} matches. Anonymous
 * results are cached and public for a minute; a signed-in viewer's are private (blocked users are left out).
 */
@RestController
final class SearchController {

    private static final String ANONYMOUS_CACHE_CONTROL = "public, max-age=60";

    private final FeedPages feeds;
    private final SearchQuery query;
    private final FeedCaches caches;
    private final JsonMapper json;

    SearchController(FeedPages feeds, SearchQuery query, FeedCaches caches, JsonMapper json) {
        this.feeds = feeds;
        this.query = query;
        this.caches = caches;
        this.json = json;
    }

    /**
     * Users or sounds found.
     *
     * @param items best match first
     */
    record Results(List<?> items) {}

    @GetMapping("/v1/search")
    void search(@RequestParam String q,
            @RequestParam(defaultValue = "videos") String type,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            Optional<Viewer> viewer,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        String tsquery = SearchTerms.tsquery(q);
        int size = Paging.limit(limit);
        String viewerId = viewer.map(Viewer::id).orElse(null);
        CachedBody body = switch (type) {
            case "videos" -> feeds.search(tsquery, size, cursor, viewerId);
            case "users" -> cached(viewerId, "users|" + size + "|" + tsquery,
                    () -> new Results(query.users(tsquery, viewerId, size)));
            case "sounds" -> cached(null, "sounds|" + size + "|" + tsquery,
                    () -> new Results(query.sounds(tsquery, size)));
            default -> throw ApiException.badRequest("invalid_type",
                    "type must be videos, users or sounds, got " + ApiException.quote(type));
        };
        String cacheControl = viewerId != null && !type.equals("sounds")
                ? CachedResponses.PRIVATE_REVALIDATE : ANONYMOUS_CACHE_CONTROL;
        CachedResponses.sendJsonVaryingByViewer(body, cacheControl, request, response);
    }

    private CachedBody cached(String viewer, String key, Supplier<Results> results) {
        TwoTierCache cache = viewer == null ? caches.browse() : caches.personal();
        byte[] stored = viewer == null
                ? cache.get("search|" + key, k -> encode(results))
                : cache.get(viewer, "search|" + key, k -> encode(results));
        return CachedBody.decode(stored);
    }

    private byte[] encode(Supplier<Results> results) {
        return CachedBody.of(json.writeValueAsBytes(results.get())).encode();
    }
}
