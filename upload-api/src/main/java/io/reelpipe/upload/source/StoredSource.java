package io.reelpipe.upload.source;

import io.reelpipe.core.media.ContainerFormat;

/**
 * An uploaded source now in the media bucket.
 *
 * @param key    its object key
 * @param bytes  its size
 * @param sha256 its {@link io.reelpipe.upload.uploads.ContentHash} in hex (stored as {@code videos.source_sha256})
 * @param format the container its first bytes showed
 */
public record StoredSource(String key, long bytes, String sha256, ContainerFormat format) {}
