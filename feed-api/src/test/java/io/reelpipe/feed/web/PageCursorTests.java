package io.reelpipe.feed.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.reelpipe.feed.web.PageCursor.Keyset;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageCursorTests {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:34:56.123456Z");
    private static final UUID ID = UUID.fromString("f3a1c2d4-0000-4000-8000-00000000beef");

    @Test
    void aTimeCursorSurvivesTheRoundTripToMicrosecondPrecision() {
        PageCursor.Time cursor = new PageCursor.Time(CREATED, ID);

        PageCursor decoded = PageCursor.decode(cursor.encode(), Keyset.TIME);

        assertThat(decoded).isEqualTo(cursor);
        assertThat(((PageCursor.Time) decoded).createdAt()).isEqualTo(CREATED);
    }

    @Test
    void theEncodedTimeCursorIsUrlSafeWithoutPaddingAndOfFixedLength() {
        String encoded = new PageCursor.Time(CREATED, new UUID(-1, -1)).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]{34}");
    }

    @Test
    void nanosecondsBeyondWhatPostgresKeepsAreDropped() {
        PageCursor.Time cursor = new PageCursor.Time(CREATED.plusNanos(789), ID);

        assertThat(((PageCursor.Time) PageCursor.decode(cursor.encode(), Keyset.TIME)).createdAt()).isEqualTo(CREATED);
    }

    @Test
    void timeCursorsReadAndWriteTheTextOfGetFeedVideos() {
        PageCursor.Time cursor = new PageCursor.Time(CREATED, ID);

        assertThat(cursor.sql()).isEqualTo("2026-03-01T12:34:56.123456Z/" + ID);
        assertThat(PageCursor.fromSql(cursor.sql(), Keyset.TIME)).isEqualTo(cursor);
    }

    @Test
    void positionRankAndSequenceCursorsSurviveTheirRoundTrips() {
        PageCursor position = new PageCursor.Position(42);
        PageCursor rank = new PageCursor.Rank(0.0123f, ID);
        PageCursor sequence = new PageCursor.Sequence(CREATED, 987_654_321_012L);

        assertThat(PageCursor.decode(position.encode(), Keyset.POSITION)).isEqualTo(position);
        assertThat(PageCursor.decode(rank.encode(), Keyset.RANK)).isEqualTo(rank);
        assertThat(PageCursor.decode(sequence.encode(), Keyset.SEQUENCE)).isEqualTo(sequence);
        assertThat(PageCursor.fromSql("42", Keyset.POSITION)).isEqualTo(position);
        assertThat(PageCursor.fromSql(rank.sql(), Keyset.RANK)).isEqualTo(rank);
    }

    @Test
    void aRankCursorWritesExponentsInLowerCaseAsTheDatabaseChecksThem() {
        assertThat(new PageCursor.Rank(1.0e-5f, ID).sql()).isEqualTo("1.0e-5/" + ID);
    }

    @Test
    void aCursorOfAnotherKindOfFeedIsRejected() {
        String time = new PageCursor.Time(CREATED, ID).encode();

        assertThatIllegalArgumentException().isThrownBy(() -> PageCursor.decode(time, Keyset.POSITION))
                .withMessageContaining("another kind");
    }

    @Test
    void positionsOnTheSameMicrosecondDifferByTheirIdsAlone() {
        UUID other = UUID.fromString("f3a1c2d4-0000-4000-8000-00000000beee");

        assertThat(new PageCursor.Time(CREATED, ID).encode()).isNotEqualTo(new PageCursor.Time(CREATED, other).encode());
    }

    @Test
    void textThatIsNotBase64UrlIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> PageCursor.decode("not a cursor!", Keyset.TIME))
                .withMessageContaining("base64url");
        assertThatIllegalArgumentException().isThrownBy(() -> PageCursor.decode("", Keyset.TIME))
                .withMessageContaining("empty");
    }

    @Test
    void base64OfTheWrongLengthOrVersionIsRejected() {
        String tooShort = Base64.getUrlEncoder().encodeToString(new byte[] {1, 2, 3});
        byte[] wrongVersion = Base64.getUrlDecoder().decode(new PageCursor.Time(CREATED, ID).encode());
        wrongVersion[0] = 9;

        assertThatIllegalArgumentException().isThrownBy(() -> PageCursor.decode(tooShort, Keyset.TIME))
                .withMessageContaining("not one this service issued");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PageCursor.decode(Base64.getUrlEncoder().encodeToString(wrongVersion), Keyset.TIME))
                .withMessageContaining("not one this service issued");
    }

    @Test
    void positionsOutOfRangeAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> PageCursor.decode(forged(-1), Keyset.TIME))
                .withMessageContaining("out of range");
        assertThatIllegalArgumentException().isThrownBy(() -> PageCursor.decode(forged(Long.MAX_VALUE), Keyset.TIME))
                .withMessageContaining("out of range");
        String zero = Base64.getUrlEncoder().encodeToString(ByteBuffer.allocate(5).put((byte) 2).putInt(0).array());
        assertThatIllegalArgumentException().isThrownBy(() -> PageCursor.decode(zero, Keyset.POSITION))
                .withMessageContaining("out of range");
    }

    private static String forged(long micros) {
        ByteBuffer buffer = ByteBuffer.allocate(25).put((byte) 1).putLong(micros).putLong(1).putLong(2);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }
}
