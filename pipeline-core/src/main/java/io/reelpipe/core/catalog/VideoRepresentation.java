package io.reelpipe.core.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A video as the APIs show it (upload-api to its owner, feed-api to viewers). URLs point at the CDN edge.
 *
 * @param id            the video id
 * @param ownerId       the creator
 * @param title         title
 * @param description   description
 * @param visibility    {@code PUBLIC}, {@code UNLISTED} or {@code PRIVATE}
 * @param status        {@code UPLOADED}, {@code PROCESSING}, {@code PLAYABLE}, {@code READY} or {@code FAILED}
 * @param failureReason why it failed, when it did
 * @param hlsUrl        the master playlist through the CDN edge, once playable
 * @param thumbnails    posters in each format and width
 * @param durationMs    duration, once transcoded
 * @param width         display width, once transcoded
 * @param height        display height, once transcoded
 * @param createdAt     when the upload committed
 * @param readyAt       when the video became READY
 * @param progress      transcode progress in percent by rung, while processing
 * @param playableAt    when the lowest rung became playable
 */
public record VideoRepresentation(
        UUID id,
        String ownerId,
        String title,
        String description,
        String visibility,
        String status,
        String failureReason,
        String hlsUrl,
        List<ThumbnailLink> thumbnails,
        Integer durationMs,
        Integer width,
        Integer height,
        Instant createdAt,
        Instant readyAt,
        java.util.Map<String, Integer> progress,
        Instant playableAt) {

    public VideoRepresentation {
        thumbnails = List.copyOf(thumbnails);
        progress = java.util.Map.copyOf(progress);
    }

    /**
     * One thumbnail.
     *
     * @param format {@code webp} or {@code jpeg}
     * @param width  pixels
     * @param height pixels
     * @param url    through the CDN edge
     */
    public record ThumbnailLink(String format, int width, int height, String url) {}

    public boolean isPublic() {
        return "PUBLIC".equals(visibility);
    }
}
