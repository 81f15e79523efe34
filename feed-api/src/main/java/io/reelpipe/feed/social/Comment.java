package io.reelpipe.feed.social;

import java.time.Instant;
import java.util.UUID;

/**
 * A comment as the API shows it.
 *
 * @param id        the comment id
 * @param videoId   the video it is on
 * @param author    who wrote it
 * @param text      what they wrote
 * @param createdAt when
 */
record Comment(UUID id, UUID videoId, Author author, String text, Instant createdAt) {

    /**
     * @param id          profile id
     * @param handle      handle, when set
     * @param displayName display name, when set
     * @param avatarUrl   avatar, when set
     */
    record Author(String id, String handle, String displayName, String avatarUrl) {}
}
