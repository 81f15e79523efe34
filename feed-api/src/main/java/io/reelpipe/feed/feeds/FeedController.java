package io.reelpipe.feed.feeds;

import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.CachedResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/feed}: a page of the feed named by {@code type}, keyset-paginated by an opaque {@code cursor}.
 * Pages are the same for every viewer, so they are publicly cacheable for a couple of seconds.
 */
@RestController
final class FeedController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 50;

    private final LatestFeed latest;
    private final String cacheControl;

    FeedController(LatestFeed latest, LatestFeedProperties properties) {
        this.latest = latest;
        this.cacheControl = "public, max-age=" + properties.maxAge().toSeconds();
    }

    @GetMapping("/v1/feed")
    void feed(@RequestParam String type,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        FeedType feedType = FeedType.parse(type);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit",
                    "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        // An empty cursor is the first page, like a missing one: clients often send back a null nextCursor as "".
        FeedCursor after = cursor == null || cursor.isEmpty() ? null : decode(cursor);
        switch (feedType) {
            case LATEST -> CachedResponses.sendJson(latest.page(limit, after), cacheControl, request, response);
        }
    }

    private static FeedCursor decode(String cursor) {
        try {
            return FeedCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_cursor",
                    "cursor " + ApiException.quote(cursor) + " is invalid: " + e.getMessage()
                            + "; pass back the nextCursor of a previous page unchanged");
        }
    }
}
