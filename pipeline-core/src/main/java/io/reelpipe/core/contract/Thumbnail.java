package io.reelpipe.core.contract;

/**
 * One stored image of a video.
 *
 * @param format      {@code webp} or {@code jpeg}
 * @param width       pixels
 * @param height      pixels
 * @param key         object key
 * @param contentType the MIME type it is served with
 */
public record Thumbnail(String format, int width, int height, String key, String contentType) {}
