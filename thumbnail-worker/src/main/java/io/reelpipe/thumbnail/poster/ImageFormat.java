package io.reelpipe.thumbnail.poster;

/**
 * A format posters are stored in.
 *
 * @param name        the format as the {@code Thumbnail} contract names it
 * @param contentType the MIME type it is served with
 * @param extension   the object key's extension
 */
public enum ImageFormat {
    /** Lossy WebP: about a third smaller than JPEG at the same quality; every current browser and app decodes it. */
    WEBP("webp", "image/webp", "webp"),
    /** Progressive JPEG: for the clients that cannot show WebP, and it paints a coarse preview early. */
    JPEG("jpeg", "image/jpeg", "jpg");

    private final String formatName;
    private final String contentType;
    private final String extension;

    ImageFormat(String formatName, String contentType, String extension) {
        this.formatName = formatName;
        this.contentType = contentType;
        this.extension = extension;
    }

    public String formatName() {
        return formatName;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }
}
