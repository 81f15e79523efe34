package io.reelpipe.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTests {

    private static final Duration OPEN = Duration.ofSeconds(5);

    private final FakeTicker ticker = new FakeTicker();

    @Test
    void itOpensAfterTheThresholdOfConsecutiveFailuresAndNotBefore() {
        CircuitBreaker breaker = new CircuitBreaker(ticker, 3, OPEN);

        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.onFailure()).isTrue();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aSuccessResetsTheCountOfConsecutiveFailures() {
        CircuitBreaker breaker = new CircuitBreaker(ticker, 2, OPEN);

        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void afterTheOpenDurationExactlyOneCallerProbesAndItsSuccessClosesTheCircuit() {
        CircuitBreaker breaker = new CircuitBreaker(ticker, 1, OPEN);
        breaker.onFailure();

        ticker.advance(OPEN.minusMillis(1));
        assertThat(breaker.tryAcquire()).isFalse();
        ticker.advance(Duration.ofMillis(1));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isFalse();

        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedProbeOpensTheCircuitForAnotherFullDuration() {
        CircuitBreaker breaker = new CircuitBreaker(ticker, 1, OPEN);
        breaker.onFailure();
        ticker.advance(OPEN);
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        ticker.advance(OPEN.minusMillis(1));
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aThresholdBelowOneIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CircuitBreaker(ticker, 0, OPEN))
                .withMessageContaining("0");
    }
}
