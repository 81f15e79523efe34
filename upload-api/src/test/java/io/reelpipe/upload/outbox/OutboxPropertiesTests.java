package io.reelpipe.upload.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The relay's settings: defaults, and start-up failures that name the bad value. */
class OutboxPropertiesTests {

    @Test
    void unsetValuesTakeTheirDefaults() {
        OutboxProperties properties = new OutboxProperties(null, null, null, null, null);

        assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.batchSize()).isEqualTo(100);
        assertThat(properties.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.maxInFlightPerCreator()).isEqualTo(4);
        assertThat(properties.inFlightLease()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aCreatorMustBeAllowedAtLeastOneJobInFlight() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OutboxProperties(null, null, null, 0, null))
                .withMessage("reelpipe.outbox.max-in-flight-per-creator must be 1..10000, got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OutboxProperties(null, null, null, 10_001, null))
                .withMessageContaining("got 10001");
    }

    @Test
    void theInFlightLeaseMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OutboxProperties(null, null, null, null, Duration.ZERO))
                .withMessage("reelpipe.outbox.in-flight-lease must be positive, got PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OutboxProperties(null, null, null, null, Duration.ofMinutes(-1)))
                .withMessageContaining("in-flight-lease");
    }

    @Test
    void theOtherSettingsAreStillChecked() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OutboxProperties(Duration.ZERO, null, null, null, null))
                .withMessageContaining("poll-interval");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OutboxProperties(null, 0, null, null, null))
                .withMessage("reelpipe.outbox.batch-size must be 1..10000, got 0");
    }
}
