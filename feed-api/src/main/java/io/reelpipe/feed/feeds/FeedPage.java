package io.reelpipe.feed.feeds;

import io.reelpipe.core.catalog.VideoRepresentation;
import java.util.List;

/**
 * One page of a feed as clients receive it.
 *
 * @param items      the videos, in feed order
 * @param nextCursor where the next page starts, or {@code null} on the last page
 */
record FeedPage(List<VideoRepresentation> items, String nextCursor) {

    FeedPage {
        items = List.copyOf(items);
    }
}
