package io.reelpipe.cache;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A value as the Redis tier holds it, with the wall-clock time until which it is fresh, so every instance reading it
 * agrees on when it turns stale: {@code [version 1][flags][fresh-until epoch millis, 8 bytes][payload]}. Flag bit 0
 * marks a cached absence (negative caching), which has no payload.
 *
 * @param payload     the cached bytes, or {@code null} for "nothing there"
 * @param freshUntil  epoch milliseconds after which the value is stale
 */
record StoredValue(byte[] payload, long freshUntil) {

    private static final byte VERSION = 1;
    private static final byte ABSENT = 1;
    private static final int HEADER = 2 + Long.BYTES;

    byte[] encode() {
        int length = payload == null ? 0 : payload.length;
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + length)
                .put(VERSION)
                .put(payload == null ? ABSENT : 0)
                .putLong(freshUntil);
        if (payload != null) {
            buffer.put(payload);
        }
        return buffer.array();
    }

    /** The stored value, or {@code null} when {@code bytes} are not one (an older format or a foreign key). */
    static StoredValue decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER || bytes[0] != VERSION) {
            return null;
        }
        long freshUntil = ByteBuffer.wrap(bytes, 2, Long.BYTES).getLong();
        boolean absent = (bytes[1] & ABSENT) != 0;
        return new StoredValue(absent ? null : Arrays.copyOfRange(bytes, HEADER, bytes.length), freshUntil);
    }
}
