package io.reelpipe.feed.feeds;

import io.reelpipe.feed.web.PageCursor;
import java.util.Objects;

/**
 * What a feed page is: the feed, what it is about, how long a page and where it starts, and for whom.
 *
 * @param type    the feed
 * @param subject the creator id, series id, hashtag, sound id or search query; {@code null} for the global feeds
 * @param limit   1-50
 * @param after   where the page starts, {@code null} for the first page
 * @param viewer  the signed-in viewer's id, {@code null} for an anonymous viewer
 */
record FeedRequest(FeedType type, String subject, int limit, PageCursor after, String viewer) {

    FeedRequest {
        Objects.requireNonNull(type, "type");
    }

    /** The key of this page among the pages of one viewer (or of all anonymous viewers). */
    String cacheKey() {
        return type.parameter() + '|' + (subject == null ? "" : subject) + '|' + limit + '|'
                + (after == null ? "" : after.encode());
    }
}
