package io.reelpipe.feed.trending;

import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.jobs.JobProperties;
import io.reelpipe.feed.jobs.JobRunner;
import io.reelpipe.feed.jobs.JobTransactions;
import java.time.Duration;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Recomputes trending every 5 minutes, once across all instances: V5_1's {@code feed_refresh_trending} scores the
 * events of the last three days with a time decay (formula in docs/feed.md) and rewrites {@code trending_cache} for
 * videos, hashtags, creators and sounds in one transaction; then every instance drops its cached trending pages.
 */
@Component
public final class TrendingJob {

    static final String NAME = "feed-trending";

    private final JobRunner runner;
    private final JobTransactions transactions;
    private final FeedCaches caches;
    private final JobProperties properties;

    TrendingJob(JobRunner runner, JobTransactions transactions, FeedCaches caches, JobProperties properties) {
        this.runner = runner;
        this.transactions = transactions;
        this.caches = caches;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${reelpipe.feed.jobs.initial-delay:PT10S}",
            fixedRateString = "${reelpipe.feed.jobs.trending-interval:PT5M}")
    void scheduled() {
        if (properties.enabled()) {
            refresh();
        }
    }

    /** Recomputes trending here, unless another instance is doing it or did it within the minimum gap. */
    public boolean refresh() {
        return runner.runOnce(NAME, properties.trendingInterval().minus(Duration.ofSeconds(10)), () -> {
            List<String> counts = transactions.inTransaction(jdbc -> jdbc
                    .sql("SELECT kind || '=' || items FROM feed_refresh_trending()")
                    .query(String.class)
                    .list());
            caches.trendingChanged();
            return String.join(", ", counts);
        });
    }
}
