package io.reelpipe.feed.social;

import java.util.List;

/**
 * A page of a video's comments, newest first.
 *
 * @param items      the comments
 * @param nextCursor where the next page starts, or {@code null} on the last page
 */
record CommentPage(List<Comment> items, String nextCursor) {

    CommentPage {
        items = List.copyOf(items);
    }
}
