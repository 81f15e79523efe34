package io.reelpipe.feed.views;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Folds counted views into {@code videos.view_count} and the daily rollups every {@code fold-interval} (a second):
 * flushes append one delta row per (day, video), and V6_1's {@code views_fold} moves them over in one transaction,
 * so a hot video's row is updated once per fold rather than once per flush. An instance folds after it has written
 * deltas (so an idle instance sends no statement at all), and the maintenance job folds on every run, for the deltas of
 * an instance that stopped before its fold; an advisory lock in the database lets one fold run at a time.
 */
@Component
final class ViewCounters {

    private static final Logger log = LoggerFactory.getLogger(ViewCounters.class);
    private static final int BATCH = 100_000;

    private final JdbcTemplate jdbc;
    private final AtomicBoolean written = new AtomicBoolean();
    private final Timer folds;
    private final Counter folded;
    private final Counter failures;

    ViewCounters(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.folds = Timer.builder("reelpipe.views.fold.duration")
                .description("How long folding view deltas into counters and rollups takes").register(registry);
        this.folded = Counter.builder("reelpipe.views.fold.deltas")
                .description("View delta rows (one per day, video and flush) folded into counters and rollups")
                .register(registry);
        this.failures = Counter.builder("reelpipe.views.fold.failures")
                .description("Folds that failed; their deltas stay for the next one").register(registry);
    }

    /** Notes that this instance committed deltas: the next scheduled fold runs. */
    void deltasWritten() {
        written.set(true);
    }

    @Scheduled(fixedDelayString = "${reelpipe.views.fold-interval:PT1S}")
    void scheduled() {
        if (!written.getAndSet(false)) {
            return;
        }
        try {
            fold();
        } catch (DataAccessException e) {
            written.set(true);
            failures.increment();
            log.warn("Folding view counts failed; the deltas wait for the next fold: {}", e.toString());
        }
    }

    /**
     * Folds the pending deltas, a transaction per {@value #BATCH} of them.
     *
     * @return how many delta rows this call folded (0 when another instance was folding)
     */
    int fold() {
        long started = System.nanoTime();
        int total = 0;
        while (true) {
            Integer taken = jdbc.queryForObject("SELECT views_fold(?)", Integer.class, BATCH);
            if (taken == null || taken <= 0) {
                break;
            }
            total += taken;
            if (taken < BATCH) {
                break;
            }
        }
        if (total > 0) {
            folds.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            folded.increment(total);
        }
        return total;
    }
}
