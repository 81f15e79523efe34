package io.reelpipe.feed.views;

import java.time.Duration;

/** {@link ViewsProperties} for unit tests: the defaults, with what a test cares about set. */
final class TestProperties {

    private TestProperties() {}

    static ViewsProperties defaults() {
        return batching(null, null, null);
    }

    static ViewsProperties batching(Integer batchSize, Integer queueCapacity, Duration flushInterval) {
        return new ViewsProperties(null, null, null, null, null, null, batchSize, flushInterval, queueCapacity, null,
                null, null, null, null, null, null, null, null, null);
    }

    static ViewsProperties retention(int retentionDays, int partitionsAhead, Duration finalizeDelay) {
        return new ViewsProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                retentionDays, partitionsAhead, finalizeDelay, null, null);
    }
}
