package io.reelpipe.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A Caffeine ticker that moves only when a test advances it. */
final class FakeTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    /** The same clock in epoch milliseconds, for the wall-clock freshness of the Redis tier. */
    long millis() {
        return nanos.get() / 1_000_000;
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
