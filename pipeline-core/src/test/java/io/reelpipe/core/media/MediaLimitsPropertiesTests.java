package io.reelpipe.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MediaLimitsPropertiesTests {

    @Test
    void unsetLimitsAreTheShortVideoDefaultsAndSetOnesReplaceThem() {
        assertThat(new MediaLimitsProperties(null, null, null, null, null).limits()).isEqualTo(MediaLimits.SHORT_VIDEO);

        MediaLimits limits = new MediaLimitsProperties(Duration.ofMinutes(3), 3840, null, 4, 60.0).limits();

        assertThat(limits.maxDuration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(limits.maxDimension()).isEqualTo(3840);
        assertThat(limits.maxPixels()).isEqualTo(MediaLimits.SHORT_VIDEO.maxPixels());
        assertThat(limits.maxStreams()).isEqualTo(4);
    }

    @Test
    void nonsenseIsRefusedWithTheValues() {
        assertThatThrownBy(() -> new MediaLimitsProperties(Duration.ZERO, null, null, null, null).limits())
                .hasMessageContaining("PT0S");
    }
}
