package io.reelpipe.thumbnail.poster;

/**
 * One encoded poster, ready to store.
 *
 * @param format the image format
 * @param size   its dimensions
 * @param bytes  the encoded file
 */
public record EncodedImage(ImageFormat format, PosterSize size, byte[] bytes) {}
