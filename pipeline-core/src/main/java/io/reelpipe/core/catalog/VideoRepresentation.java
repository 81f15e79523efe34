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
 * @param placeholder   blurhash and dominant colour to paint before the poster loads, once thumbnailed
 * @param storyboard    the scrub-preview thumbnail track, once thumbnailed
 * @param previewUrl    an animated WebP of the opening seconds through the CDN edge, once thumbnailed
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
        Instant playableAt,
        Placeholder placeholder,
        Storyboard storyboard,
        String previewUrl) {

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

    /**
     * What a feed paints before the poster arrives.
     *
     * @param blurhash      the poster as a BlurHash string
     * @param dominantColor the poster's most common colour, {@code #rrggbb}
     */
    public record Placeholder(String blurhash, String dominantColor) {}

    /**
     * Scrub previews.
     *
     * @param vttUrl a WebVTT thumbnail track through the CDN edge: time ranges mapped to {@code sprite.jpg#xywh=...}
     *               rectangles of sprite sheets beside it
     */
    public record Storyboard(String vttUrl) {}

    public boolean isPublic() {
        return "PUBLIC".equals(visibility);
    }
}
