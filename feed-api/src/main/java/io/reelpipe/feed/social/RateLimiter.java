package io.reelpipe.feed.social;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.cache.CircuitBreaker;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.web.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Per-user limits on writes, counted in Redis so every instance counts against the same budget: a sliding window
 * ({@link SlidingWindow}) over two fixed windows' counters, read and incremented in one round trip (a script that
 * increments the current window's counter, sets its expiry and returns the previous window's). While Redis is
 * unreachable, a circuit breaker skips it and each instance counts on its own, so the limit still holds per instance.
 * A refused request counts too, so a client that keeps retrying stays refused. Other features
 * count their own budgets with {@link #acquire(String, String, int, int, Duration)} (the view pipeline: events per
 * session and per client address).
 */
@Component
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final RedisScript<List<Long>> COUNT = (RedisScript) RedisScript.of("""
            local n = redis.call('INCRBY', KEYS[1], ARGV[2])
            if n == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {n, tonumber(redis.call('GET', KEYS[2]) or '0')}
            """, List.class);

    /** What is limited, with its budget per window. */
    enum Action {
        INTERACTION, COMMENT
    }

    private final StringRedisTemplate redis;
    private final RateLimitProperties limits;
    private final String prefix;
    private final CircuitBreaker breaker = new CircuitBreaker(Ticker.systemTicker(), 1, Duration.ofSeconds(1));
    private final Cache<String, LocalCounter> local;
    private final Counter refused;

    RateLimiter(StringRedisTemplate redis, RateLimitProperties limits, MeterRegistry registry, FeedCaches caches) {
        this.redis = redis;
        this.limits = limits;
        this.prefix = caches.namespace() + ":ratelimit:";
        // Each local counter lives as long as its Redis twin: two of its own windows (callers choose the window).
        this.local = Caffeine.newBuilder().maximumSize(1_000_000)
                .expireAfter(Expiry.creating((String key, LocalCounter counter) -> counter.lifetime())).build();
        this.refused = Counter.builder("reelpipe.feed.rate.limited")
                .description("Writes refused with 429 because the user was over their limit")
                .register(registry);
    }

    /**
     * Counts one {@code action} by {@code userId}.
     *
     * @throws ApiException 429 with {@code Retry-After} when that goes over the budget of the window ending now
     */
    void acquire(Action action, String userId) {
        String name = action.name().toLowerCase(Locale.ROOT);
        int budget = action == Action.COMMENT ? limits.comments() : limits.interactions();
        acquire(name, userId, 1, budget, limits.window());
    }

    /**
     * Counts {@code cost} units of {@code scope} (a name of the caller's, such as {@code view-events}) by
     * {@code subject} against {@code budget} units per {@code window}.
     *
     * @throws ApiException 429 with {@code Retry-After} when that goes over the budget of the window ending now
     */
    public void acquire(String scope, String subject, int cost, int budget, Duration window) {
        SlidingWindow sliding = new SlidingWindow(window.toMillis());
        long now = System.currentTimeMillis();
        long slot = sliding.slot(now);
        // One hash tag per subject, so both windows' keys live on one Redis Cluster node for the script.
        String subjectKey = prefix + "{" + scope + ":" + subject + "}:";
        Counts counts = count(subjectKey + slot, subjectKey + (slot - 1), cost, 2 * sliding.windowMillis());
        if (sliding.spent(now, counts.current(), counts.previous()) > budget) {
            refused.increment();
            long retryMillis = sliding.retryAfterMillis(now, counts.current(), counts.previous(), cost, budget);
            long retryAfter = (retryMillis + 999) / 1000;
            throw ApiException.tooManyRequests("at most " + budget + " " + scope + "s per " + window.toSeconds()
                    + " s; retry in " + retryAfter + " s", retryAfter);
        }
    }

    /** Adds {@code cost} to the current window's count; returns it and the previous window's count. */
    private Counts count(String key, String previousKey, int cost, long expiryMillis) {
        if (breaker.tryAcquire()) {
            try {
                List<Long> counts = redis.execute(COUNT, List.of(key, previousKey), Long.toString(expiryMillis),
                        Integer.toString(cost));
                breaker.onSuccess();
                if (counts != null && counts.size() == 2) {
                    return new Counts(counts.get(0), counts.get(1));
                }
            } catch (RuntimeException e) {
                if (breaker.onFailure()) {
                    log.warn("Rate limits are counted per instance while Redis is unreachable: {}", e.toString());
                }
            }
        }
        LocalCounter previous = local.getIfPresent(previousKey);
        long current = local.get(key, k -> new LocalCounter(Duration.ofMillis(expiryMillis))).count().addAndGet(cost);
        return new Counts(current, previous == null ? 0 : previous.count().get());
    }

    /** The current window's count (this request included) and the previous window's. */
    private record Counts(long current, long previous) {}

    /** A window's count kept by this instance while Redis is unreachable, with how long it is kept. */
    private record LocalCounter(Duration lifetime, AtomicLong count) {

        LocalCounter(Duration lifetime) {
            this(lifetime, new AtomicLong());
        }
    }
}
