package io.reelpipe.upload.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.Resource;

/**
 * Strong ETags of the page's files: a hash of the bytes, so a browser revalidating an unchanged file gets a
 * {@code 304} across restarts and instances (a modification time would differ per build). The files are in the
 * jar and never change while it runs, so each is hashed once.
 */
final class ContentTags {

    private final Map<String, String> tags = new ConcurrentHashMap<>();

    /** The tag of a classpath resource, without quotes (Spring adds them). */
    String of(Resource resource) {
        try {
            return tags.computeIfAbsent(resource.getURL().toString(), key -> {
                try (InputStream in = resource.getInputStream()) {
                    return of(in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + key + " to tag it", e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot locate " + resource + " to tag it", e);
        }
    }

    /** The first 128 bits of the bytes' SHA-256 in hex. */
    static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
