package io.reelpipe.feed.recommendations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.feed.jobs.JobProperties;
import io.reelpipe.feed.jobs.JobRunner;
import io.reelpipe.feed.jobs.JobTransactions;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Recomputes recommendations every 15 minutes, once across all instances, for the users active in the last day whose
 * recommendations are older than that: V5_1's {@code feed_refresh_recommendations} serves a batch of users per
 * transaction (the stalest first), each from their affinities to followed creators and to the creators, hashtags and
 * sounds of what they liked, leaving out what they have seen and whom they blocked (or who blocked them). Bounded:
 * at most {@link JobProperties#recommendationsMaxUsers()} users per run, and each user's candidates are capped.
 * A viewer's for-you pages pick the new list up when their cached pages expire (a minute).
 */
@Component
public final class RecommendationJob {

    static final String NAME = "feed-recommendations";

    private final JobRunner runner;
    private final JobTransactions transactions;
    private final JobProperties properties;
    private final Counter served;

    RecommendationJob(JobRunner runner, JobTransactions transactions, JobProperties properties,
            MeterRegistry registry) {
        this.runner = runner;
        this.transactions = transactions;
        this.properties = properties;
        this.served = Counter.builder("reelpipe.feed.recommendations.users")
                .description("Users whose recommendations were recomputed")
                .register(registry);
    }

    @Scheduled(initialDelayString = "${reelpipe.feed.jobs.initial-delay:PT10S}",
            fixedRateString = "${reelpipe.feed.jobs.recommendations-interval:PT15M}")
    void scheduled() {
        if (properties.enabled()) {
            refresh();
        }
    }

    /** Recomputes recommendations here, unless another instance is doing it or did it within the minimum gap. */
    public boolean refresh() {
        Duration atMost = properties.recommendationsInterval().minus(Duration.ofSeconds(30));
        long deadline = System.nanoTime() + atMost.minus(Duration.ofSeconds(30)).toNanos();
        return runner.runOnce(NAME, atMost, () -> {
            int total = 0;
            int batches = 0;
            while (total < properties.recommendationsMaxUsers() && System.nanoTime() - deadline < 0) {
                int batch = Math.min(properties.recommendationsBatch(), properties.recommendationsMaxUsers() - total);
                Integer users = transactions.inTransaction(jdbc -> jdbc
                        .sql("SELECT feed_refresh_recommendations(?)")
                        .param(batch)
                        .query(Integer.class)
                        .single());
                if (users == null || users == 0) {
                    break;
                }
                total += users;
                batches++;
                served.increment(users);
            }
            return total + " users in " + batches + " batches";
        });
    }
}
