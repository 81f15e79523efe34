package io.reelpipe.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A circuit breaker around calls to one remote dependency (Redis), so an outage costs requests nothing rather than a
 * timeout each.
 *
 * <ul>
 *   <li><b>closed</b>: every call goes through; {@code failureThreshold} consecutive failures open the circuit;</li>
 *   <li><b>open</b>: no call goes through for {@code openDuration};</li>
 *   <li><b>half-open</b>: after that, exactly one caller is let through as a probe while everybody else is still
 *       refused; its success closes the circuit, its failure opens it again for another {@code openDuration}.</li>
 * </ul>
 *
 * Thread-safe and lock-free; time comes from a {@link Ticker} so tests drive it. {@link TwoTierCache} and
 * {@link CacheInvalidations} put one in front of Redis; other Redis users (a rate limiter, say) can do the same.
 */
public final class CircuitBreaker {

    /** The states, with the values the {@code reelpipe.cache.breaker.state} gauge reports. */
    public enum State {
        CLOSED(0), OPEN(1), HALF_OPEN(2);

        final int gaugeValue;

        State(int gaugeValue) {
            this.gaugeValue = gaugeValue;
        }
    }

    private final Ticker ticker;
    private final int failureThreshold;
    private final long openNanos;
    private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long openUntil;

    public CircuitBreaker(Ticker ticker, int failureThreshold, Duration openDuration) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, got " + failureThreshold);
        }
        this.ticker = ticker;
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
    }

    /** Whether a call may go ahead now; a {@code true} in the open state makes this caller the half-open probe. */
    public boolean tryAcquire() {
        State current = state.get();
        if (current == State.CLOSED) {
            return true;
        }
        if (current == State.OPEN && ticker.read() - openUntil >= 0) {
            return state.compareAndSet(State.OPEN, State.HALF_OPEN);
        }
        return false;
    }

    /** The call that was let through succeeded. */
    public void onSuccess() {
        consecutiveFailures.set(0);
        state.set(State.CLOSED);
    }

    /**
     * The call that was let through (or a call that had to be made anyway, such as a delete) failed.
     *
     * @return whether this failure opened the circuit
     */
    public boolean onFailure() {
        int failures = consecutiveFailures.incrementAndGet();
        State current = state.get();
        if (current == State.HALF_OPEN || current == State.OPEN || failures >= failureThreshold) {
            openUntil = ticker.read() + openNanos;
            return state.getAndSet(State.OPEN) == State.CLOSED;
        }
        return false;
    }

    public State state() {
        return state.get();
    }
}
