package io.reelpipe.feed.feeds;

import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.PageCursor;
import java.util.Arrays;
import java.util.List;

/**
 * The feeds get_feed_videos serves, with the keyset each paginates on. The first four are what {@code GET /v1/feed}
 * takes as {@code type}; the others have paths of their own ({@code /v1/users/{id}/videos}...).
 */
enum FeedType {

    FOR_YOU("for_you", PageCursor.Keyset.POSITION),
    FOLLOWING("following", PageCursor.Keyset.TIME),
    TRENDING("trending", PageCursor.Keyset.POSITION),
    LATEST("latest", PageCursor.Keyset.TIME),
    CREATOR("creator", PageCursor.Keyset.TIME),
    SERIES("series", PageCursor.Keyset.POSITION),
    HASHTAG("hashtag", PageCursor.Keyset.TIME),
    SOUND("sound", PageCursor.Keyset.TIME),
    SEARCH("search", PageCursor.Keyset.RANK);

    /** The types {@code GET /v1/feed?type=} accepts. */
    private static final List<FeedType> QUERYABLE = List.of(FOR_YOU, FOLLOWING, TRENDING, LATEST);

    private final String parameter;
    private final PageCursor.Keyset keyset;

    FeedType(String parameter, PageCursor.Keyset keyset) {
        this.parameter = parameter;
        this.keyset = keyset;
    }

    /** The name in {@code ?type=} and in get_feed_videos' {@code feed_type}. */
    String parameter() {
        return parameter;
    }

    PageCursor.Keyset keyset() {
        return keyset;
    }

    /**
     * The {@code GET /v1/feed} type named {@code value}.
     *
     * @throws ApiException 400 naming the value and the supported types
     */
    static FeedType parse(String value) {
        for (FeedType type : QUERYABLE) {
            if (type.parameter.equals(value)) {
                return type;
            }
        }
        String supported = String.join(", ", QUERYABLE.stream().map(t -> t.parameter).toList());
        if (Arrays.stream(values()).anyMatch(t -> t.parameter.equals(value))) {
            throw ApiException.badRequest("unknown_feed_type", "feed type " + ApiException.quote(value)
                    + " has a path of its own (/v1/users/{id}/videos, /v1/series/{id}/videos,"
                    + " /v1/hashtags/{tag}/videos, /v1/sounds/{id}/videos, /v1/search); supported here: " + supported);
        }
        throw ApiException.badRequest("unknown_feed_type",
                "unknown feed type " + ApiException.quote(value) + "; supported: " + supported);
    }
}
