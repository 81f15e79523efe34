package io.reelpipe.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis tier of one cache as the cache sees it: a {@link RemoteStore} whose failures are absorbed. A failing call
 * reads as a miss (or a skipped write), is counted, and opens a short back-off during which the store is not called at
 * all, so an outage costs each request nothing rather than a connection timeout. The outage is logged once when it
 * starts and once when it ends.
 */
final class SecondTier {

    private static final Logger log = LoggerFactory.getLogger(SecondTier.class);

    private final RemoteStore store;
    private final String cacheName;
    private final Ticker ticker;
    private final long backoffNanos;
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long retryAt;

    SecondTier(RemoteStore store, String cacheName, Ticker ticker, Duration backoff, MeterRegistry registry) {
        this.store = store;
        this.cacheName = cacheName;
        this.ticker = ticker;
        this.backoffNanos = backoff.toNanos();
        this.hits = CacheMetrics.hits(registry, cacheName, CacheMetrics.L2);
        this.misses = CacheMetrics.misses(registry, cacheName, CacheMetrics.L2);
        this.errors = Counter.builder(CacheMetrics.ERRORS)
                .description("Failed calls to a cache tier; the request was served without it")
                .tag("cache", cacheName)
                .tag("tier", CacheMetrics.L2)
                .register(registry);
        Gauge.builder(CacheMetrics.AVAILABLE, down, d -> d.get() ? 0 : 1)
                .description("1 while the tier answers, 0 during an outage")
                .tag("cache", cacheName)
                .tag("tier", CacheMetrics.L2)
                .strongReference(true)
                .register(registry);
    }

    /** The stored value, or {@code null} on a miss, during an outage and when the call fails. */
    byte[] get(String key) {
        if (backingOff()) {
            return null;
        }
        byte[] value;
        try {
            value = store.get(key);
        } catch (RuntimeException e) {
            failed("read", e);
            return null;
        }
        recovered();
        (value == null ? misses : hits).increment();
        return value;
    }

    void put(String key, byte[] value, Duration ttl) {
        if (backingOff()) {
            return;
        }
        try {
            store.put(key, value, ttl);
        } catch (RuntimeException e) {
            failed("write", e);
            return;
        }
        recovered();
    }

    /**
     * Deletes the key. Tried even while backing off, because a missed delete leaves a stale value in Redis for the
     * rest of its TTL; a failure is absorbed all the same.
     */
    void delete(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            failed("delete", e);
            return;
        }
        recovered();
    }

    /** Whether the tier is currently considered down. */
    boolean isDown() {
        return down.get();
    }

    private boolean backingOff() {
        return down.get() && ticker.read() - retryAt < 0;
    }

    private void failed(String operation, RuntimeException e) {
        errors.increment();
        retryAt = ticker.read() + backoffNanos;
        if (down.compareAndSet(false, true)) {
            log.warn("Cache {}: Redis {} failed ({}); serving from memory and the loader, retrying every {} ms",
                    cacheName, operation, e.toString(), Duration.ofNanos(backoffNanos).toMillis());
        }
    }

    private void recovered() {
        if (down.get() && down.compareAndSet(true, false)) {
            log.info("Cache {}: Redis answers again; the second tier is back in use", cacheName);
        }
    }
}
