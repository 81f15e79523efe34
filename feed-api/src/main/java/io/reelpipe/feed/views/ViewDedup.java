package io.reelpipe.feed.views;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.cache.CircuitBreaker;
import io.reelpipe.feed.cache.FeedCaches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * counted view. One script call per request claims all of its candidates ({@code SET NX PX ... GET} each); the keys of
 * one request share the viewer as their hash tag, so the call stays on one node of a Redis cluster.
 *
 * <p>A claimed key first holds {@code p<window>} (pending: the view is on its way to PostgreSQL, stamped with that
 * dedup window) and becomes {@code c<window>} (counted) once its flush committed. A request that finds a counted key
 * has a duplicate and goes no further. One that finds a pending key cannot tell an in-flight view (another instance,
 * a concurrent request) from one whose instance crashed before the commit, so it hands the view to PostgreSQL with the
 * same window: the raw table's key makes it a no-op if the first one committed or commits, and counts it if it never
 * will. So a client's retry of an unacknowledged request neither counts twice nor loses the view, and a failed flush
 * needs no clean-up in Redis.
 *
 * <p>Redis only filters: while it fails (a circuit breaker skips it after three consecutive failures, for a second at
 * a time), every candidate goes to PostgreSQL with the current clock window, and dedup degrades from sliding windows
 * to clock-aligned ones rather than failing.
 */
@Component
final class ViewDedup {

    /** What Redis said about one candidate. */
    enum Verdict {
        /** The key was free and is now claimed (pending): a new view, as far as Redis knows. */
        NEW,
        /** A view of this window was counted already: a duplicate. */
        COUNTED,
        /** A view of {@link Claim#window()} is on its way or was lost: PostgreSQL decides. */
        PENDING,
        /** Redis was not asked or did not answer: PostgreSQL decides, with the current clock window. */
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
    private static final RedisScript<List<String>> CONFIRM = script("""
            local done = {}
            for i = 1, #KEYS do
              done[i] = redis.call('SET', KEYS[i], ARGV[i], 'XX', 'KEEPTTL') and '1' or '0'
            end
            return done
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
        List<String> seen = call(CLAIM, keys(viewer, videos), "p" + window, ttlMillis);
        List<Claim> claims = new ArrayList<>(videos.size());
        for (int i = 0; i < videos.size(); i++) {
            String old = seen == null ? null : seen.get(i);
            if (old == null) {
                claims.add(new Claim(Verdict.UNCHECKED, window));
            } else if (old.isEmpty()) {
                claims.add(new Claim(Verdict.NEW, window));
            } else {
                Verdict verdict = old.charAt(0) == 'c' ? Verdict.COUNTED : Verdict.PENDING;
                claims.add(new Claim(verdict, parseWindow(old, window)));
            }
        }
        return claims;
    }

    /**
     * Marks the keys of views that reached PostgreSQL (counted, or found there already) as counted, so later duplicates
     * stop at Redis. Best effort: a key left pending only sends its duplicates on to PostgreSQL, which dedups them.
     */
    void confirm(String viewer, List<UUID> videos, long[] windows) {
        if (videos.isEmpty()) {
            return;
        }
        Object[] values = Arrays.stream(windows).mapToObj(w -> "c" + w).toArray();
        call(CONFIRM, keys(viewer, videos), values);
    }

    private List<String> call(RedisScript<List<String>> script, List<String> keys, Object... args) {
        if (!breaker.tryAcquire()) {
            return null;
        }
        try {
            List<String> result = redis.execute(script, keys, args);
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
            return Long.parseLong(value, 1, value.length(), 10);
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
