package io.reelpipe.feed.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FeedCursorTests {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:34:56.123456Z");
    private static final UUID ID = UUID.fromString("f3a1c2d4-0000-4000-8000-00000000beef");

    @Test
    void aCursorSurvivesTheRoundTripToMicrosecondPrecision() {
        FeedCursor cursor = new FeedCursor(CREATED, ID);

        FeedCursor decoded = FeedCursor.decode(cursor.encode());

        assertThat(decoded).isEqualTo(cursor);
        assertThat(decoded.createdAt()).isEqualTo(CREATED);
        assertThat(decoded.id()).isEqualTo(ID);
    }

    @Test
    void theEncodedFormIsUrlSafeWithoutPaddingAndOfFixedLength() {
        String encoded = new FeedCursor(CREATED, new UUID(-1, -1)).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]{34}");
    }

    @Test
    void nanosecondsBeyondWhatPostgresKeepsAreDropped() {
        FeedCursor cursor = new FeedCursor(CREATED.plusNanos(789), ID);

        assertThat(FeedCursor.decode(cursor.encode()).createdAt()).isEqualTo(CREATED);
    }

    @Test
    void positionsOnTheSameMicrosecondDifferByTheirIdsAlone() {
        UUID other = UUID.fromString("f3a1c2d4-0000-4000-8000-00000000beee");

        assertThat(new FeedCursor(CREATED, ID).encode()).isNotEqualTo(new FeedCursor(CREATED, other).encode());
    }

    @Test
    void textThatIsNotBase64UrlIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> FeedCursor.decode("not a cursor!"))
                .withMessageContaining("base64url");
        assertThatIllegalArgumentException().isThrownBy(() -> FeedCursor.decode(""))
                .withMessageContaining("empty");
    }

    @Test
    void base64OfTheWrongLengthOrVersionIsRejected() {
        String tooShort = Base64.getUrlEncoder().encodeToString(new byte[] {1, 2, 3});
        byte[] wrongVersion = Base64.getUrlDecoder().decode(new FeedCursor(CREATED, ID).encode());
        wrongVersion[0] = 2;

        assertThatIllegalArgumentException().isThrownBy(() -> FeedCursor.decode(tooShort))
                .withMessageContaining("not one this service issued");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FeedCursor.decode(Base64.getUrlEncoder().encodeToString(wrongVersion)))
                .withMessageContaining("not one this service issued");
    }

    @Test
    void aPositionBeforeTheEpochOrAfterTheYear9999IsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> FeedCursor.decode(forged(-1)))
                .withMessageContaining("out of range");
        assertThatIllegalArgumentException().isThrownBy(() -> FeedCursor.decode(forged(Long.MAX_VALUE)))
                .withMessageContaining("out of range");
    }

    private static String forged(long micros) {
        ByteBuffer buffer = ByteBuffer.allocate(25).put((byte) 1).putLong(micros).putLong(1).putLong(2);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }
}
