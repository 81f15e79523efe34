package io.reelpipe.feed.views;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The view pipeline, bound from {@code reelpipe.views.*}; docs/views.md explains each choice.
 *
 * @param ingestMode          {@code batched} (group commit: every few milliseconds one transaction for everything
 *                            pending), or one transaction per view, the baselines the benchmark compares with:
 *                            {@code per-event} (its INSERT and its counter and rollup updates) or
 *                            {@code per-event-folded} (its INSERT and a delta, counters folded as when batched);
 *                            batched by default
 * @param minWatch            a view counts after this much watching, or half of a shorter video; 3 s by default
 * @param dedupWindow         a viewer's views of one video count once per window: sliding in Redis, clock-aligned in
 *                            PostgreSQL (the fallback, and the key of the raw rows); whole seconds dividing a day; an
 *                            hour by default
 * @param maxWatch            the most watch time one event may report; more is a client bug or a lie (400); an hour
 * @param maxEvents           the most events one request may carry (400 beyond); 100 by default
 * @param maxBodyBytes        the largest request body read (400 beyond); 64 KiB by default
 * @param batchSize           the most events one flush writes; 5,000 by default
 * @param flushInterval       how long the flusher waits for more events after the first pending one; 5 ms by default
 * @param queueCapacity       the most events waiting for a flush on this instance; beyond, 503 with Retry-After
 *                            (backpressure, never unbounded memory); 100,000 by default
 * @param ackTimeout          how long a request waits for its events' flush before answering 503 (retry is safe);
 *                            10 s by default
 * @param viewerLimit         events per limit window per viewer (user, else session); 3,000 by default
 * @param ipLimit             events per limit window per client address; 60,000 by default
 * @param limitWindow         the rate limits' window; a minute by default
 * @param videoCacheTtl       how long a READY video's facts (status, visibility, duration) are remembered; an unknown
 *                            or unfinished video is remembered 2 s; 30 s by default
 * @param retentionDays       raw views are kept this many days after their day, then their partition is dropped
 *                            (once the day's rollups are final); 7 by default
 * @param partitionsAhead     raw daily partitions exist this many days ahead of today; 3 by default
 * @param finalizeDelay       a day's rollups are re-derived and made final this long after the day ends (late retries
 *                            of views of that day are done by then); 2 hours by default, at least the dedup window
 * @param maintenanceInterval how often the maintenance job runs (once across instances); 15 minutes by default
 * @param foldInterval        how often counted views are folded into {@code videos.view_count} and the rollups (view
 *                            counts lag by about this much); a second by default
 */
@ConfigurationProperties("reelpipe.views")
record ViewsProperties(IngestMode ingestMode, Duration minWatch, Duration dedupWindow, Duration maxWatch,
        Integer maxEvents, Integer maxBodyBytes, Integer batchSize, Duration flushInterval, Integer queueCapacity,
        Duration ackTimeout, Integer viewerLimit, Integer ipLimit, Duration limitWindow, Duration videoCacheTtl,
        Integer retentionDays, Integer partitionsAhead, Duration finalizeDelay, Duration maintenanceInterval,
        Duration foldInterval) {

    /** How accepted views reach PostgreSQL. */
    enum IngestMode {
        BATCHED, PER_EVENT, PER_EVENT_FOLDED
    }

    private static final long DAY_SECONDS = Duration.ofDays(1).toSeconds();

    ViewsProperties {
        ingestMode = ingestMode == null ? IngestMode.BATCHED : ingestMode;
        minWatch = minWatch == null ? Duration.ofSeconds(3) : minWatch;
        dedupWindow = dedupWindow == null ? Duration.ofHours(1) : dedupWindow;
        maxWatch = maxWatch == null ? Duration.ofHours(1) : maxWatch;
        maxEvents = maxEvents == null ? 100 : maxEvents;
        maxBodyBytes = maxBodyBytes == null ? 64 * 1024 : maxBodyBytes;
        batchSize = batchSize == null ? 5_000 : batchSize;
        flushInterval = flushInterval == null ? Duration.ofMillis(5) : flushInterval;
        queueCapacity = queueCapacity == null ? 100_000 : queueCapacity;
        ackTimeout = ackTimeout == null ? Duration.ofSeconds(10) : ackTimeout;
        viewerLimit = viewerLimit == null ? 3_000 : viewerLimit;
        ipLimit = ipLimit == null ? 60_000 : ipLimit;
        limitWindow = limitWindow == null ? Duration.ofMinutes(1) : limitWindow;
        videoCacheTtl = videoCacheTtl == null ? Duration.ofSeconds(30) : videoCacheTtl;
        retentionDays = retentionDays == null ? 7 : retentionDays;
        partitionsAhead = partitionsAhead == null ? 3 : partitionsAhead;
        finalizeDelay = finalizeDelay == null ? Duration.ofHours(2) : finalizeDelay;
        maintenanceInterval = maintenanceInterval == null ? Duration.ofMinutes(15) : maintenanceInterval;
        foldInterval = foldInterval == null ? Duration.ofSeconds(1) : foldInterval;

        if (minWatch.isNegative() || !maxWatch.isPositive() || minWatch.compareTo(maxWatch) > 0) {
            throw new IllegalArgumentException("reelpipe.views.min-watch must be between 0 and max-watch ("
                    + maxWatch + "), got " + minWatch);
        }
        long windowSeconds = dedupWindow.toSeconds();
        if (dedupWindow.toNanosPart() != 0 || windowSeconds < 1 || DAY_SECONDS % windowSeconds != 0) {
            throw new IllegalArgumentException("reelpipe.views.dedup-window must be whole seconds dividing a day"
                    + " (1s, 1m, 1h...), got " + dedupWindow);
        }
        if (maxEvents < 1 || maxEvents > 10_000) {
            throw new IllegalArgumentException("reelpipe.views.max-events must be 1-10000, got " + maxEvents);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("reelpipe.views.max-body-bytes must be at least 1024, got "
                    + maxBodyBytes);
        }
        if (batchSize < maxEvents) {
            throw new IllegalArgumentException("reelpipe.views.batch-size must hold one request's events (max-events "
                    + maxEvents + "), got " + batchSize);
        }
        if (queueCapacity < batchSize) {
            throw new IllegalArgumentException("reelpipe.views.queue-capacity must be at least batch-size ("
                    + batchSize + "), got " + queueCapacity);
        }
        if (flushInterval.isNegative() || !ackTimeout.isPositive() || !videoCacheTtl.isPositive()
                || !maintenanceInterval.isPositive() || !foldInterval.isPositive()) {
            throw new IllegalArgumentException("reelpipe.views.flush-interval must not be negative and ack-timeout,"
                    + " video-cache-ttl, maintenance-interval and fold-interval must be positive, got "
                    + flushInterval + ", " + ackTimeout + ", " + videoCacheTtl + ", " + maintenanceInterval + ", "
                    + foldInterval);
        }
        if (viewerLimit < 1 || ipLimit < 1 || limitWindow.toMillis() < 1000) {
            throw new IllegalArgumentException("reelpipe.views.viewer-limit and ip-limit must be positive and"
                    + " limit-window at least 1s, got " + viewerLimit + ", " + ipLimit + ", " + limitWindow);
        }
        if (retentionDays < 1 || partitionsAhead < 1 || partitionsAhead > 60) {
            throw new IllegalArgumentException("reelpipe.views.retention-days must be positive and partitions-ahead"
                    + " 1-60, got " + retentionDays + " and " + partitionsAhead);
        }
        if (finalizeDelay.compareTo(dedupWindow) < 0 || finalizeDelay.compareTo(Duration.ofDays(retentionDays)) >= 0) {
            throw new IllegalArgumentException("reelpipe.views.finalize-delay must be at least the dedup window ("
                    + dedupWindow + ") and less than the retention (" + retentionDays + " days), got "
                    + finalizeDelay);
        }
    }

    /** The dedup window in whole seconds. */
    long windowSeconds() {
        return dedupWindow.toSeconds();
    }
}
