package io.reelpipe.feed.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VideoFactTests {

    private static final Duration THREE_SECONDS = Duration.ofSeconds(3);

    @Test
    void aViewCountsAfterThreeSecondsOrHalfOfAShorterVideo() {
        assertThat(fact("PUBLIC", 60_000).minimumWatchMs(THREE_SECONDS)).isEqualTo(3_000);
        assertThat(fact("PUBLIC", 6_000).minimumWatchMs(THREE_SECONDS)).isEqualTo(3_000);
        assertThat(fact("PUBLIC", 4_000).minimumWatchMs(THREE_SECONDS)).isEqualTo(2_000);
        assertThat(fact("PUBLIC", 1_001).minimumWatchMs(THREE_SECONDS)).isEqualTo(500);
    }

    @Test
    void aVideoOfUnknownDurationNeedsTheFullMinimum() {
        assertThat(fact("PUBLIC", null).minimumWatchMs(THREE_SECONDS)).isEqualTo(3_000);
        assertThat(fact("PUBLIC", 0).minimumWatchMs(THREE_SECONDS)).isEqualTo(3_000);
    }

    @Test
    void aPrivateVideoIsVisibleToItsOwnerOnly() {
        assertThat(fact("PRIVATE", 10_000).visibleTo("owner")).isTrue();
        assertThat(fact("PRIVATE", 10_000).visibleTo("someone")).isFalse();
        assertThat(fact("PRIVATE", 10_000).visibleTo(null)).isFalse();
        assertThat(fact("UNLISTED", 10_000).visibleTo(null)).isTrue();
        assertThat(fact("PUBLIC", 10_000).visibleTo("someone")).isTrue();
    }

    private static VideoFacts.Fact fact(String visibility, Integer durationMs) {
        return new VideoFacts.Fact("owner", true, visibility, durationMs);
    }
}
