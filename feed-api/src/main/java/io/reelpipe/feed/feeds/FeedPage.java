package io.reelpipe.feed.feeds;

import java.util.List;

/**
 * One page of a feed as clients receive it.
 *
 * @param items      the videos, in feed order
 * @param nextCursor where the next page starts, or {@code null} on the last page
 */
record FeedPage(List<FeedItem> items, String nextCursor) {

    FeedPage {
        items = List.copyOf(items);
    }
}
