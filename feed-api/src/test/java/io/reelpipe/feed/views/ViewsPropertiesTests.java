package io.reelpipe.feed.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ViewsPropertiesTests {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ViewsProperties properties = TestProperties.defaults();

        assertThat(properties.ingestMode()).isEqualTo(ViewsProperties.IngestMode.BATCHED);
        assertThat(properties.minWatch()).isEqualTo(Duration.ofSeconds(3));
        assertThat(properties.windowSeconds()).isEqualTo(3600);
        assertThat(properties.maxEvents()).isEqualTo(100);
        assertThat(properties.retentionDays()).isEqualTo(7);
        assertThat(properties.partitionsAhead()).isEqualTo(3);
    }

    @Test
    void aDedupWindowThatDoesNotDivideADayIsRefusedByName() {
        assertThatThrownBy(() -> new ViewsProperties(null, null, Duration.ofMinutes(7), null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dedup-window")
                .hasMessageContaining("PT7M");
        assertThatThrownBy(() -> new ViewsProperties(null, null, Duration.ofMillis(1500), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
    }

    @Test
    void aFlushMustHoldARequestAndTheQueueAFlush() {
        assertThatThrownBy(() -> TestProperties.batching(50, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch-size");
        assertThatThrownBy(() -> TestProperties.batching(5_000, 4_000, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue-capacity");
    }

    @Test
    void daysAreFinalizedAfterTheDedupWindowAndBeforeTheirRawRowsGo() {
        assertThatThrownBy(() -> TestProperties.retention(7, 3, Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finalize-delay");
        assertThatThrownBy(() -> TestProperties.retention(1, 3, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finalize-delay");
        assertThatThrownBy(() -> TestProperties.retention(0, 3, Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention-days");
    }
}
