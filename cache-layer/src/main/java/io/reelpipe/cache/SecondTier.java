package io.reelpipe.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis tier of one cache as the cache sees it: a {@link RemoteStore} behind a {@link CircuitBreaker}, whose
 * failures are absorbed. A failing call reads as a miss (or a skipped write) and is counted; enough of them open the
 * circuit, and while it is open the store is not called at all, so an outage costs each request nothing rather than a
 * connection timeout. The outage is logged once when it starts and once when it ends.
 */
final class SecondTier {

    private static final Logger log = LoggerFactory.getLogger(SecondTier.class);

    private final RemoteStore store;
    private final String cacheName;
    private final CircuitBreaker breaker;
    private final Duration openDuration;
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;

    SecondTier(RemoteStore store, String cacheName, Ticker ticker, Duration openDuration, int failureThreshold,
            MeterRegistry registry) {
        this.store = store;
        this.cacheName = cacheName;
        this.openDuration = openDuration;
        this.breaker = new CircuitBreaker(ticker, failureThreshold, openDuration);
        this.hits = CacheMetrics.hits(registry, cacheName, CacheMetrics.L2);
        this.misses = CacheMetrics.misses(registry, cacheName, CacheMetrics.L2);
        this.errors = Counter.builder(CacheMetrics.ERRORS)
                .description("Failed calls to a cache tier; the request was served without it")
                .tag("cache", cacheName)
                .tag("tier", CacheMetrics.L2)
                .register(registry);
        Gauge.builder(CacheMetrics.AVAILABLE, breaker, b -> b.state() == CircuitBreaker.State.CLOSED ? 1 : 0)
                .description("1 while the tier answers, 0 during an outage")
                .tag("cache", cacheName)
                .tag("tier", CacheMetrics.L2)
                .strongReference(true)
                .register(registry);
        Gauge.builder(CacheMetrics.BREAKER, breaker, b -> b.state().gaugeValue)
                .description("The circuit breaker in front of the tier: 0 closed, 1 open, 2 half-open")
                .tag("cache", cacheName)
                .tag("tier", CacheMetrics.L2)
                .strongReference(true)
                .register(registry);
    }

    /** The stored value, or {@code null} on a miss, while the circuit is open and when the call fails. */
    byte[] get(String key) {
        if (!breaker.tryAcquire()) {
            return null;
        }
        byte[] value;
        try {
            value = store.get(key);
        } catch (RuntimeException e) {
            failed("read", e);
            return null;
        }
        succeeded();
        (value == null ? misses : hits).increment();
        return value;
    }

    /** {@link #get} for bookkeeping values (scope generations), which do not count as cache hits or misses. */
    byte[] read(String key) {
        if (!breaker.tryAcquire()) {
            return null;
        }
        try {
            byte[] value = store.get(key);
            succeeded();
            return value;
        } catch (RuntimeException e) {
            failed("read", e);
            return null;
        }
    }

    void put(String key, byte[] value, Duration ttl) {
        if (!breaker.tryAcquire()) {
            return;
        }
        try {
            store.put(key, value, ttl);
        } catch (RuntimeException e) {
            failed("write", e);
            return;
        }
        succeeded();
    }

    /**
     * Writes the key even while the circuit is open, like {@link #delete}: for writes that invalidate (a scope's new
     * generation), where a miss would leave stale values in use.
     */
    void putAlways(String key, byte[] value, Duration ttl) {
        always("write", () -> store.put(key, value, ttl));
    }

    /**
     * Deletes the key. Tried even while the circuit is open, because a missed delete leaves a stale value in Redis for
     * the rest of its TTL; a failure is absorbed all the same.
     */
    void delete(String key) {
        always("delete", () -> store.delete(key));
    }

    /** Makes the call whatever the circuit's state; a failure is absorbed and counted like any other. */
    private void always(String operation, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failed(operation, e);
            return;
        }
        succeeded();
    }

    /** Whether the tier is currently considered down (the circuit is not closed). */
    boolean isDown() {
        return breaker.state() != CircuitBreaker.State.CLOSED;
    }

    private void failed(String operation, RuntimeException e) {
        errors.increment();
        if (breaker.onFailure()) {
            log.warn("Cache {}: Redis {} failed ({}); serving from memory and the loader, probing again every {} ms",
                    cacheName, operation, e.toString(), openDuration.toMillis());
        }
    }

    private void succeeded() {
        if (breaker.state() != CircuitBreaker.State.CLOSED) {
            log.info("Cache {}: Redis answers again; the second tier is back in use", cacheName);
        }
        breaker.onSuccess();
    }
}
