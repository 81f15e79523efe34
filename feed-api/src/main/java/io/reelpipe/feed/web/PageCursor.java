package io.reelpipe.feed.web;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A keyset position in a feed: the next page holds the rows strictly after it. Clients see it only as an opaque
 * base64url string ({@link #encode()}); get_feed_videos sees it as text ({@link #sql()}), and hands back the text of
 * each row's position, which {@link #fromSql} reads.
 *
 * <p>Binary layouts, behind a version byte so they can change: v1 {@link Time} (25 bytes: micros since the epoch,
 * the id's 16 bytes), v2 {@link Position} (5 bytes: the rank or series position), v3 {@link Rank} (21 bytes: the
 * float rank's bits, the id), v4 {@link Sequence} (17 bytes: micros since the epoch, a numeric id).
 */
public sealed interface PageCursor {

    /** How a feed is ordered, and so which cursor it takes. */
    enum Keyset {
        /** Newest first, on {@code (created_at, id)}. */
        TIME,
        /** On a precomputed rank or a series position, ascending. */
        POSITION,
        /** Best search match first, on {@code (rank, id)}. */
        RANK,
        /** Newest first, on {@code (created_at, id)} with a numeric id. */
        SEQUENCE
    }

    Keyset keyset();

    /** The opaque form clients pass back. */
    String encode();

    /** The form get_feed_videos takes. */
    String sql();

    /**
     * Reads a cursor a client sent back for a feed ordered by {@code expected}.
     *
     * @throws IllegalArgumentException saying why, when it is not a cursor this service issued for such a feed
     */
    static PageCursor decode(String text, Keyset expected) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the cursor is empty");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor is not base64url", e);
        }
        PageCursor cursor = switch (bytes.length > 0 ? bytes[0] : 0) {
            case Time.VERSION -> Time.read(bytes);
            case Position.VERSION -> Position.read(bytes);
            case Rank.VERSION -> Rank.read(bytes);
            case Sequence.VERSION -> Sequence.read(bytes);
            default -> throw new IllegalArgumentException("the cursor is not one this service issued");
        };
        if (cursor.keyset() != expected) {
            throw new IllegalArgumentException("the cursor belongs to a feed of another kind");
        }
        return cursor;
    }

    /** The cursor after a row, from the text get_feed_videos returned for it. */
    static PageCursor fromSql(String text, Keyset keyset) {
        return switch (keyset) {
            case TIME -> Time.parseSql(text);
            case POSITION -> new Position(Integer.parseInt(text));
            case RANK -> Rank.parseSql(text);
            case SEQUENCE -> throw new IllegalArgumentException("sequence cursors are not made by get_feed_videos");
        };
    }

    private static String base64(ByteBuffer buffer) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private static void requireLength(byte[] bytes, int length) {
        if (bytes.length != length) {
            throw new IllegalArgumentException("the cursor is not one this service issued");
        }
    }

    /**
     * A position in a newest-first feed.
     *
     * @param createdAt the last video's creation time, microsecond precision (PostgreSQL's, so the position is exact)
     * @param id        the last video's id, which breaks ties between videos created in the same microsecond
     */
    record Time(Instant createdAt, UUID id) implements PageCursor {

        static final byte VERSION = 1;
        private static final int LENGTH = 1 + Long.BYTES + 2 * Long.BYTES;
        /** Later than any real upload, earlier than PostgreSQL's limit: a cursor outside is forged or corrupt. */
        private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
        private static final DateTimeFormatter SQL_TIME =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);
        private static final Pattern SQL = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z)/(.{36})");

        public Time {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(id, "id");
            createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public Keyset keyset() {
            return Keyset.TIME;
        }

        @Override
        public String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
            return base64(ByteBuffer.allocate(LENGTH).put(VERSION).putLong(micros)
                    .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()));
        }

        @Override
        public String sql() {
            return SQL_TIME.format(createdAt) + "/" + id;
        }

        static Time read(byte[] bytes) {
            requireLength(bytes, LENGTH);
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
            long micros = buffer.getLong();
            UUID id = new UUID(buffer.getLong(), buffer.getLong());
            Instant createdAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            if (micros < 0 || createdAt.isAfter(LATEST)) {
                throw new IllegalArgumentException("the cursor's position is out of range");
            }
            return new Time(createdAt, id);
        }

        static Time parseSql(String text) {
            Matcher matcher = SQL.matcher(text);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not a time cursor: " + text);
            }
            try {
                return new Time(Instant.from(SQL_TIME.parse(matcher.group(1))), UUID.fromString(matcher.group(2)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a time cursor: " + text, e);
            }
        }
    }

    /**
     * A position in a ranked feed (for-you, trending) or a series.
     *
     * @param position the last row's rank or series position, 1 or more
     */
    record Position(int position) implements PageCursor {

        static final byte VERSION = 2;
        private static final int LENGTH = 1 + Integer.BYTES;

        public Position {
            if (position < 1) {
                throw new IllegalArgumentException("the cursor's position is out of range");
            }
        }

        @Override
        public Keyset keyset() {
            return Keyset.POSITION;
        }

        @Override
        public String encode() {
            return base64(ByteBuffer.allocate(LENGTH).put(VERSION).putInt(position));
        }

        @Override
        public String sql() {
            return Integer.toString(position);
        }

        static Position read(byte[] bytes) {
            requireLength(bytes, LENGTH);
            return new Position(ByteBuffer.wrap(bytes, 1, Integer.BYTES).getInt());
        }
    }

    /**
     * A position in search results.
     *
     * @param rank the last row's text-search rank ({@code real} in PostgreSQL, so a float keeps it exactly)
     * @param id   the last row's id, which breaks ties
     */
    record Rank(float rank, UUID id) implements PageCursor {

        static final byte VERSION = 3;
        private static final int LENGTH = 1 + Float.BYTES + 2 * Long.BYTES;

        public Rank {
            Objects.requireNonNull(id, "id");
            if (!Float.isFinite(rank) || rank < 0) {
                throw new IllegalArgumentException("the cursor's position is out of range");
            }
        }

        @Override
        public Keyset keyset() {
            return Keyset.RANK;
        }

        @Override
        public String encode() {
            return base64(ByteBuffer.allocate(LENGTH).put(VERSION).putFloat(rank)
                    .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()));
        }

        @Override
        public String sql() {
            // Lower case: get_feed_videos reads exponents as 1e-05.
            return Float.toString(rank).toLowerCase(java.util.Locale.ROOT) + "/" + id;
        }

        static Rank read(byte[] bytes) {
            requireLength(bytes, LENGTH);
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
            return new Rank(buffer.getFloat(), new UUID(buffer.getLong(), buffer.getLong()));
        }

        static Rank parseSql(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("not a rank cursor: " + text);
            }
            return new Rank(Float.parseFloat(text.substring(0, slash)), UUID.fromString(text.substring(slash + 1)));
        }
    }

    /**
     * A position in a newest-first list with numeric ids (notifications).
     *
     * @param at the last row's creation time, microsecond precision
     * @param id the last row's id, which breaks ties
     */
    record Sequence(Instant at, long id) implements PageCursor {

        static final byte VERSION = 4;
        private static final int LENGTH = 1 + 2 * Long.BYTES;

        public Sequence {
            Objects.requireNonNull(at, "at");
            at = at.truncatedTo(ChronoUnit.MICROS);
            if (at.isBefore(Instant.EPOCH) || id < 1) {
                throw new IllegalArgumentException("the cursor's position is out of range");
            }
        }

        @Override
        public Keyset keyset() {
            return Keyset.SEQUENCE;
        }

        @Override
        public String encode() {
            return base64(ByteBuffer.allocate(LENGTH).put(VERSION).putLong(ChronoUnit.MICROS.between(Instant.EPOCH, at))
                    .putLong(id));
        }

        @Override
        public String sql() {
            return Time.SQL_TIME.format(at) + "/" + id;
        }

        static Sequence read(byte[] bytes) {
            requireLength(bytes, LENGTH);
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
            long micros = buffer.getLong();
            if (micros < 0 || micros > ChronoUnit.MICROS.between(Instant.EPOCH, Time.LATEST)) {
                throw new IllegalArgumentException("the cursor's position is out of range");
            }
            return new Sequence(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), buffer.getLong());
        }
    }
}
