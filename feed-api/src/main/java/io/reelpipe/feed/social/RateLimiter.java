package io.reelpipe.feed.social;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * Per-user limits on writes, counted in fixed windows in Redis so every instance counts against the same budget (one
 * round trip: a script that increments the window's counter and sets its expiry). While Redis is unreachable, a
 * circuit breaker skips it and each instance counts on its own, so the limit still holds per instance. Other features
 * count their own budgets with {@link #acquire(String, String, int, int, Duration)} (the view pipeline: events per
 * session and per client address).
 */
@Component
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final RedisScript<Long> COUNT = RedisScript.of("""
            local n = redis.call('INCRBY', KEYS[1], ARGV[2])
            if n == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n
            """, Long.class);

    /** What is limited, with its budget per window. */
    enum Action {
        INTERACTION, COMMENT
    }

    private final StringRedisTemplate redis;
    private final RateLimitProperties limits;
    private final String prefix;
    private final CircuitBreaker breaker = new CircuitBreaker(Ticker.systemTicker(), 1, Duration.ofSeconds(1));
    private final Cache<String, AtomicLong> local;
    private final Counter refused;

    RateLimiter(StringRedisTemplate redis, RateLimitProperties limits, MeterRegistry registry, FeedCaches caches) {
        this.redis = redis;
        this.limits = limits;
        this.prefix = caches.namespace() + ":ratelimit:";
        this.local = Caffeine.newBuilder().expireAfterWrite(limits.window().multipliedBy(2)).maximumSize(1_000_000)
                .build();
        this.refused = Counter.builder("reelpipe.feed.rate.limited")
                .description("Writes refused with 429 because the user was over their limit")
                .register(registry);
    }

    /**
     * Counts one {@code action} by {@code userId}.
     *
     * @throws ApiException 429 with {@code Retry-After} when that goes over the budget of the current window
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
     * @throws ApiException 429 with {@code Retry-After} when that goes over the budget of the current window
     */
    public void acquire(String scope, String subject, int cost, int budget, Duration window) {
        long windowMillis = window.toMillis();
        long now = System.currentTimeMillis();
        long slot = now / windowMillis;
        String key = prefix + scope + ":" + subject + ":" + slot;
        long count = count(key, cost, windowMillis);
        if (count > budget) {
            refused.increment();
            long retryAfter = ((slot + 1) * windowMillis - now + 999) / 1000;
            throw ApiException.tooManyRequests("at most " + budget + " " + scope + "s per " + window.toSeconds()
                    + " s; retry in " + retryAfter + " s", retryAfter);
        }
    }

    private long count(String key, int cost, long windowMillis) {
        if (breaker.tryAcquire()) {
            try {
                Long count = redis.execute(COUNT, List.of(key), Long.toString(windowMillis), Integer.toString(cost));
                breaker.onSuccess();
                if (count != null) {
                    return count;
                }
            } catch (RuntimeException e) {
                if (breaker.onFailure()) {
                    log.warn("Rate limits are counted per instance while Redis is unreachable: {}", e.toString());
                }
            }
        }
        return local.get(key, k -> new AtomicLong()).addAndGet(cost);
    }
}
