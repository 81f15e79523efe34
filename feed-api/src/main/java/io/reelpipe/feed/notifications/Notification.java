package io.reelpipe.feed.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification as the API shows it, in lists and on the live stream (the same JSON V5's trigger announces).
 *
 * @param id        increasing id; the stream's event id
 * @param userId    whom it is for
 * @param kind      {@code LIKE}, {@code COMMENT} or {@code FOLLOW}
 * @param actorId   who did it
 * @param videoId   the video liked or commented on, for {@code LIKE} and {@code COMMENT}
 * @param commentId the comment, for {@code COMMENT}
 * @param read      whether it was marked read
 * @param createdAt when
 */
record Notification(long id, String userId, String kind, String actorId, UUID videoId, UUID commentId, boolean read,
        Instant createdAt) {}
