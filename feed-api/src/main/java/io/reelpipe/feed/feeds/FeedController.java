package io.reelpipe.feed.feeds;

import io.reelpipe.feed.auth.Viewer;
import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.CachedResponses;
import io.reelpipe.feed.web.Ids;
import io.reelpipe.feed.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The video feeds: {@code GET /v1/feed?type=for_you|following|trending|latest}, a creator's videos, a series in order,
 * a hashtag's and a sound's videos, and the trending videos for everybody. Every one takes {@code limit} (1-50,
 * default 20) and an opaque {@code cursor} (a previous page's {@code nextCursor}), answers with a {@link FeedPage},
 * a strong {@code ETag} and {@code 304} on a match. A bearer token personalizes the page (like and bookmark flags,
 * blocked creators left out, the creator's own private videos); without one the page is public.
 */
@RestController
final class FeedController {

    /** Hashtags as clients write them: an optional '#', letters, digits and underscores. */
    private static final Pattern HASHTAG = Pattern.compile("#?[\\p{L}\\p{N}_]{1,100}");

    private final FeedPages pages;

    FeedController(FeedPages pages) {
        this.pages = pages;
    }

    @GetMapping("/v1/feed")
    void feed(@RequestParam String type,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            Optional<Viewer> viewer,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        FeedType feedType = FeedType.parse(type);
        if (feedType == FeedType.FOLLOWING && viewer.isEmpty()) {
            throw ApiException.unauthorized("unauthenticated",
                    "the following feed is personal: it needs 'Authorization: Bearer <token>'", false);
        }
        send(feedType, null, limit, cursor, viewer, request, response);
    }

    @GetMapping("/v1/users/{id}/videos")
    void creator(@PathVariable String id,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            Optional<Viewer> viewer,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        send(FeedType.CREATOR, Ids.userId(id), limit, cursor, viewer, request, response);
    }

    @GetMapping("/v1/series/{id}/videos")
    void series(@PathVariable UUID id,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            Optional<Viewer> viewer,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        send(FeedType.SERIES, id.toString(), limit, cursor, viewer, request, response);
    }

    @GetMapping("/v1/hashtags/{tag}/videos")
    void hashtag(@PathVariable String tag,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            Optional<Viewer> viewer,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (!HASHTAG.matcher(tag).matches()) {
            throw ApiException.badRequest("invalid_hashtag", "hashtag " + ApiException.quote(tag)
                    + " must be 1-100 letters, digits or underscores, with or without a leading '#'");
        }
        String normalized = (tag.startsWith("#") ? tag.substring(1) : tag).toLowerCase(Locale.ROOT);
        send(FeedType.HASHTAG, normalized, limit, cursor, viewer, request, response);
    }

    @GetMapping("/v1/sounds/{id}/videos")
    void sound(@PathVariable UUID id,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            Optional<Viewer> viewer,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        send(FeedType.SOUND, id.toString(), limit, cursor, viewer, request, response);
    }

    /** Trending videos as everybody sees them (no personal flags, no token read): the one cached page for all. */
    @GetMapping("/v1/trending/videos")
    void trending(@RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        FeedRequest page = new FeedRequest(FeedType.TRENDING, null, Paging.limit(limit),
                FeedPages.cursor(cursor, FeedType.TRENDING), null);
        CachedResponses.sendJson(pages.page(page), CachedResponses.PUBLIC_TRENDING, request, response);
    }

    private void send(FeedType type, String subject, int limit, String cursor, Optional<Viewer> viewer,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        FeedRequest page = new FeedRequest(type, subject, Paging.limit(limit), FeedPages.cursor(cursor, type),
                viewer.map(Viewer::id).orElse(null));
        CachedResponses.sendJsonVaryingByViewer(pages.page(page), FeedPages.cacheControl(page), request, response);
    }
}
