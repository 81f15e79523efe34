package io.reelpipe.feed.feeds;

import io.reelpipe.core.catalog.VideoRepresentation;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * A keyset position in a feed ordered by {@code (created_at DESC, id DESC)}: the next page holds the videos strictly
 * after it. Clients see it only as an opaque base64url string, so its layout can change behind the version byte.
 *
 * <p>Layout v1 (25 bytes): version {@code 1}, {@code created_at} in microseconds since the epoch (PostgreSQL's
 * precision, so the position is exact), the video id's 16 bytes.
 *
 * @param createdAt the last video's creation time, microsecond precision
 * @param id        the last video's id, which breaks ties between videos created in the same microsecond
 */
record FeedCursor(Instant createdAt, UUID id) {

    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + Long.BYTES + 2 * Long.BYTES;
    /** Later than any real upload, earlier than PostgreSQL's limit: a cursor outside is forged or corrupt. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    FeedCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** The position right after {@code video}. */
    static FeedCursor after(VideoRepresentation video) {
        return new FeedCursor(video.createdAt(), video.id());
    }

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH)
                .put(VERSION)
                .putLong(micros)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * Reads a cursor a client sent back.
     *
     * @throws IllegalArgumentException saying why, when it is not a cursor this service issued
     */
    static FeedCursor decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the cursor is empty");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor is not base64url", e);
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw new IllegalArgumentException("the cursor is not one this service issued");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long micros = buffer.getLong();
        UUID id = new UUID(buffer.getLong(), buffer.getLong());
        Instant createdAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        if (micros < 0 || createdAt.isAfter(LATEST)) {
            throw new IllegalArgumentException("the cursor's position is out of range");
        }
        return new FeedCursor(createdAt, id);
    }
}
