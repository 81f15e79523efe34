package io.reelpipe.feed.trending;

import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.CachedResponses;
import io.reelpipe.feed.web.PageCursor;
import io.reelpipe.feed.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.ToIntFunction;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/trending/hashtags|creators|sounds}: the last trending run's ranking (videos are a feed, see
 * {@code /v1/trending/videos}), the same for everybody: cached, and public for 5 minutes.
 */
@RestController
final class TrendingController {

    private final TrendingQuery query;
    private final FeedCaches caches;
    private final JsonMapper json;

    TrendingController(TrendingQuery query, FeedCaches caches, JsonMapper json) {
        this.query = query;
        this.caches = caches;
        this.json = json;
    }

    /**
     * A page of a trending list.
     *
     * @param items      best first
     * @param nextCursor where the next page starts, or {@code null} on the last page
     */
    record TrendingPage(List<?> items, String nextCursor) {}

    @GetMapping("/v1/trending/{kind}")
    void trending(@PathVariable String kind,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        int size = Paging.limit(limit);
        PageCursor.Position after = (PageCursor.Position) Paging.cursor(cursor, PageCursor.Keyset.POSITION);
        int from = after == null ? 0 : after.position();
        byte[] page = switch (kind) {
            case "hashtags" -> caches.trending().get(key(kind, size, after),
                    k -> encode(query.hashtags(from, size + 1), size, TrendingQuery.Hashtag::rank));
            case "creators" -> caches.trending().get(key(kind, size, after),
                    k -> encode(query.creators(from, size + 1), size, TrendingQuery.Creator::rank));
            case "sounds" -> caches.trending().get(key(kind, size, after),
                    k -> encode(query.sounds(from, size + 1), size, TrendingQuery.Sound::rank));
            default -> throw ApiException.notFound("unknown_trending_list", "no trending list "
                    + ApiException.quote(kind) + "; there are videos, hashtags, creators and sounds");
        };
        CachedResponses.sendJson(CachedBody.decode(page), CachedResponses.PUBLIC_TRENDING, request, response);
    }

    private static String key(String kind, int size, PageCursor.Position after) {
        return "list|" + kind + "|" + size + "|" + (after == null ? "" : after.encode());
    }

    private <T> byte[] encode(List<T> rows, int size, ToIntFunction<T> rank) {
        boolean more = rows.size() > size;
        List<T> page = more ? rows.subList(0, size) : rows;
        String next = more ? new PageCursor.Position(rank.applyAsInt(page.getLast())).encode() : null;
        return CachedBody.of(json.writeValueAsBytes(new TrendingPage(page, next))).encode();
    }
}
