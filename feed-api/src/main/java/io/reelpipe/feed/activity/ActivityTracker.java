package io.reelpipe.feed.activity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers which users were active and stamps {@code profiles.last_active_at} for them in one batched statement
 * every flush interval (and creates the profile of a viewer seen for the first time), so the recommendation job knows
 * whom to serve, without a write per request. A user is stamped at most once a minute per instance.
 */
@Component
public final class ActivityTracker {

    private static final Logger log = LoggerFactory.getLogger(ActivityTracker.class);
    private static final int MAX_BATCH = 10_000;

    private final JdbcClient jdbc;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Cache<String, Boolean> recent = Caffeine.newBuilder()
            .maximumSize(1_000_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();
    private final Counter stamped;

    ActivityTracker(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.stamped = Counter.builder("reelpipe.feed.activity.stamped")
                .description("Users whose last activity was written to the database")
                .register(registry);
    }

    /** Notes that {@code userId} did something just now. Cheap: no I/O. */
    public void touch(String userId) {
        if (recent.asMap().putIfAbsent(userId, Boolean.TRUE) == null) {
            pending.add(userId);
        }
    }

    /** Writes what was noted since the last flush; runs on the scheduler and at shutdown. */
    @Scheduled(fixedDelayString = "${reelpipe.feed.activity.flush-interval:PT30S}")
    @PreDestroy
    public void flush() {
        while (!pending.isEmpty()) {
            List<String> batch = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
            for (String id : pending) {
                if (batch.size() == MAX_BATCH) {
                    break;
                }
                batch.add(id);
            }
            // Sorted, so two instances flushing overlapping batches lock the rows in the same order.
            batch.sort(null);
            try {
                jdbc.sql("""
                        INSERT INTO profiles (id, last_active_at)
                        SELECT u, now() FROM unnest(?::text[]) AS u
                        ON CONFLICT (id) DO UPDATE SET last_active_at = EXCLUDED.last_active_at
                        """).param(batch.toArray(String[]::new)).update();
            } catch (DataAccessException e) {
                log.warn("Could not record the activity of {} users; retrying at the next flush: {}", batch.size(),
                        e.toString());
                return;
            }
            batch.forEach(pending::remove);
            stamped.increment(batch.size());
        }
    }
}
