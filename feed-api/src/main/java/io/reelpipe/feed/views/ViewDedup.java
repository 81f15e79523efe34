package io.reelpipe.feed.views;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.cache.CircuitBreaker;
import io.reelpipe.feed.cache.FeedCaches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The sliding dedup window across instances, in Redis: a key per (viewer, video) that lives one window from the first
 * view, holding the dedup window (of PostgreSQL's clock windows) that view was stamped with. One script call per
 * request claims all of its candidates ({@code SET NX PX ... GET} each); the keys of one request share the viewer as
 * their hash tag, so the call stays on one node of a Redis cluster.
 *
 * <p>Redis remembers, PostgreSQL decides. A candidate whose key was free is stamped with the current window; one whose
 * key was taken is stamped with the window the key holds, the first view's, and either way goes to PostgreSQL, where
 * the raw table's key (window, video, viewer) makes it a no-op when that view is stored: a duplicate. So a second view
 * within the sliding window is a duplicate even when it falls in the next clock window; a client's retry of an
 * unacknowledged request (its instance crashed before the commit, or its flush failed) counts once, never twice and
 * never zero times, and a failed flush needs no clean-up in Redis. Marking keys as committed after each flush, so
 * duplicates could stop at Redis, was measured to cost more (a second write per counted view, about a quarter of
 * Redis's and feed-api's work per view on the benchmark) than the index probe a duplicate costs in the flush.
 *
 * <p>While Redis fails (a circuit breaker skips it after three consecutive failures, for a second at a time), every
 * candidate is stamped with the current clock window: dedup degrades from sliding windows to clock-aligned ones
 * rather than failing.
 */
@Component
final class ViewDedup {

    /** What Redis said about one candidate. */
    enum Verdict {
        /** The key was free and is now claimed: the first view of this window, as far as Redis knows. */
        NEW,
        /** A view within the window was seen: this one is stamped with that view's window. */
        SEEN,
        /** Redis was not asked or did not answer: stamped with the current clock window. */
        UNCHECKED
    }

    /**
     * One candidate's verdict.
     *
     * @param verdict what Redis said
     * @param window  the dedup window (epoch seconds of its start) the view is stamped with
     */
    record Claim(Verdict verdict, long window) {}

    private static final Logger log = LoggerFactory.getLogger(ViewDedup.class);
    private static final RedisScript<List<String>> CLAIM = script("""
            local seen = {}
            for i = 1, #KEYS do
              seen[i] = redis.call('SET', KEYS[i], ARGV[1], 'NX', 'PX', ARGV[2], 'GET') or ''
            end
            return seen
            """);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final String ttlMillis;
    private final CircuitBreaker breaker = new CircuitBreaker(Ticker.systemTicker(), 3, Duration.ofSeconds(1));
    private final Counter failures;

    ViewDedup(StringRedisTemplate redis, FeedCaches caches, ViewsProperties properties, MeterRegistry registry) {
        this.redis = redis;
        this.prefix = caches.namespace() + ":views:seen:{";
        this.ttlMillis = Long.toString(properties.dedupWindow().toMillis());
        this.failures = Counter.builder("reelpipe.views.dedup.redis.failures")
                .description("View dedup calls to Redis that failed; PostgreSQL deduplicated those views alone")
                .register(registry);
    }

    /**
     * Claims a view of each of {@code videos} by {@code viewer} in the dedup window starting at {@code window}.
     *
     * @return one claim per video, in order
     */
    List<Claim> claim(String viewer, List<UUID> videos, long window) {
        if (videos.isEmpty()) {
            return List.of();
        }
        List<String> seen = call(CLAIM, keys(viewer, videos), Long.toString(window), ttlMillis);
        List<Claim> claims = new ArrayList<>(videos.size());
        for (int i = 0; i < videos.size(); i++) {
            String old = seen == null ? null : seen.get(i);
            if (old == null) {
                claims.add(new Claim(Verdict.UNCHECKED, window));
            } else if (old.isEmpty()) {
                claims.add(new Claim(Verdict.NEW, window));
            } else {
                claims.add(new Claim(Verdict.SEEN, parseWindow(old, window)));
            }
        }
        return claims;
    }

    private List<String> call(RedisScript<List<String>> script, List<String> keys, String... args) {
        if (!breaker.tryAcquire()) {
            return null;
        }
        try {
            List<String> result = redis.execute(script, keys, (Object[]) args);
            breaker.onSuccess();
            return result;
        } catch (RuntimeException e) {
            failures.increment();
            if (breaker.onFailure()) {
                log.warn("View dedup falls back to PostgreSQL's clock windows while Redis fails: {}", e.toString());
            }
            return null;
        }
    }

    private List<String> keys(String viewer, List<UUID> videos) {
        String head = prefix + viewer + "}:";
        List<String> keys = new ArrayList<>(videos.size());
        for (UUID video : videos) {
            keys.add(head + video);
        }
        return keys;
    }

    private static long parseWindow(String value, long fallback) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            log.warn("Ignoring a malformed view dedup value {}: {}", value, e.getMessage());
            return fallback;
        }
    }

    @SuppressWarnings("unchecked")
    private static RedisScript<List<String>> script(String source) {
        return new DefaultRedisScript<>(source, (Class<List<String>>) (Class<?>) List.class);
    }
}
