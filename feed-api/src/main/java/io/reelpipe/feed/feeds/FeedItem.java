package io.reelpipe.feed.feeds;

import io.reelpipe.core.catalog.VideoRepresentation.Placeholder;
import io.reelpipe.core.catalog.VideoRepresentation.ThumbnailLink;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A video as a feed shows it to a viewer: what plays it, who made it, its sound and series, its counters and, for a
 * signed-in viewer, whether they liked or bookmarked it.
 *
 * @param id          the video id
 * @param ownerId     the creator's id (also in {@code creator})
 * @param title       title
 * @param description description
 * @param visibility  {@code PUBLIC}, or {@code UNLISTED}/{@code PRIVATE} in the creator's own feeds
 * @param status      {@code READY}: feeds list finished videos only
 * @param hlsUrl      the master playlist through the CDN edge
 * @param thumbnails  posters in each format and width, through the CDN edge
 * @param placeholder what to paint before any image arrives (blurhash and dominant colour), when known
 * @param previewUrl  the animated preview of the opening seconds, when there is one
 * @param durationMs  duration
 * @param width       display width
 * @param height      display height
 * @param createdAt   when the upload committed (the order of time-ordered feeds)
 * @param readyAt     when it became READY
 * @param creator     the creator
 * @param sound       the sound it uses, or {@code null}
 * @param series      its series and position, or {@code null}
 * @param hashtags    its hashtags, lower case, without {@code #}
 * @param stats       its counters
 * @param viewer      the signed-in viewer's state, or {@code null} for an anonymous viewer
 */
record FeedItem(
        UUID id,
        String ownerId,
        String title,
        String description,
        String visibility,
        String status,
        String hlsUrl,
        List<ThumbnailLink> thumbnails,
        Placeholder placeholder,
        String previewUrl,
        Integer durationMs,
        Integer width,
        Integer height,
        Instant createdAt,
        Instant readyAt,
        Creator creator,
        Sound sound,
        Series series,
        List<String> hashtags,
        Stats stats,
        ViewerState viewer) {

    FeedItem {
        thumbnails = List.copyOf(thumbnails);
        hashtags = List.copyOf(hashtags);
    }

    /**
     * @param id            profile id
     * @param handle        handle, when set
     * @param displayName   display name, when set
     * @param avatarUrl     avatar, when set
     * @param followerCount followers
     */
    record Creator(String id, String handle, String displayName, String avatarUrl, long followerCount) {}

    /**
     * @param id     sound id
     * @param title  title
     * @param artist artist, possibly empty
     */
    record Sound(UUID id, String title, String artist) {}

    /**
     * @param id    series id
     * @param title title
     * @param order this video's position in it, from 1
     */
    record Series(UUID id, String title, int order) {}

    /**
     * @param likes     likes
     * @param comments  comments
     * @param bookmarks bookmarks
     * @param shares    shares
     * @param views     views (from the view pipeline's rollups)
     */
    record Stats(long likes, long comments, long bookmarks, long shares, long views) {}

    /**
     * @param liked      whether the viewer likes it
     * @param bookmarked whether the viewer bookmarked it
     */
    record ViewerState(boolean liked, boolean bookmarked) {}
}
