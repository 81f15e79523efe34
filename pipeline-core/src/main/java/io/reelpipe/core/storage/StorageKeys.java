package io.reelpipe.core.storage;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The object key layout. Outputs are versioned by an attempt id, so an object never changes once written and a retry
 * never mixes its files with an earlier attempt's; the catalog points at one attempt's master playlist.
 *
 * <pre>
 * src/{videoId}/original                     the upload, private
 * hls/{videoId}/{attempt}/master.m3u8        the master playlist, written last
 * hls/{videoId}/{attempt}/{rung}/...         media playlist, init segment, media segments
 * img/{videoId}/{attempt}/poster-{w}.{ext}   thumbnails
 * </pre>
 */
public final class StorageKeys {

    private static final Pattern ATTEMPT = Pattern.compile("[a-z0-9]{8,32}");

    private StorageKeys() {}

    public static String source(UUID videoId) {
        return "src/" + videoId + "/original";
    }

    public static String hlsPrefix(UUID videoId, String attempt) {
        return "hls/" + videoId + "/" + checkAttempt(attempt) + "/";
    }

    public static String imagePrefix(UUID videoId, String attempt) {
        return "img/" + videoId + "/" + checkAttempt(attempt) + "/";
    }

    /** A new attempt id: random, so two workers on one job never write the same keys. */
    public static String newAttempt() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static String checkAttempt(String attempt) {
        if (attempt == null || !ATTEMPT.matcher(attempt).matches()) {
            throw new IllegalArgumentException("attempt id must be 8-32 of [a-z0-9], got '" + attempt + "'");
        }
        return attempt;
    }
}
