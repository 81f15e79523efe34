package io.reelpipe.upload.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-creator rate limits and quotas, refused with 429 and {@code Retry-After}. Counters that only need to be
 * atomic (requests and uploads per minute, uploads per day) are fixed windows in Redis, one atomic script per check,
 * so they hold across instances; if Redis is unreachable they let requests through and count the outage (an outage
 * of the limiter must not stop uploads). What the database already knows exactly (unfinished uploads, stored bytes)
 * is checked in the transaction that creates the upload, under a per-creator advisory lock, so two instances cannot
 * both admit the upload that goes over.
 */
@Component
public class UploadLimits {

    private static final Logger log = LoggerFactory.getLogger(UploadLimits.class);

    /** INCR a window counter, set its expiry on first use; returns the count and the window's remaining ms. */
    private static final RedisScript<List<Long>> WINDOW = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {n, ttl}
            """, castList());

    private final StringRedisTemplate redis;
    private final JdbcClient jdbc;
    private final LimitsProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Counter redisFailures;

    UploadLimits(StringRedisTemplate redis, JdbcClient jdbc, LimitsProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.jdbc = jdbc;
        this.properties = properties;
        this.redisFailures = Counter.builder("reelpipe.limits.redis.failures")
                .description("Limit checks let through because Redis could not be asked")
                .register(meters);
    }

    @SuppressWarnings("unchecked")
    private static Class<List<Long>> castList() {
        return (Class<List<Long>>) (Class<?>) List.class;
    }

    /** One API request of {@code user}. */
    public void request(CurrentUser user) {
        window("req:" + user.id(), properties.requestsPerMinute(), Duration.ofMinutes(1), "rate_limited",
                "more than " + properties.requestsPerMinute() + " requests per minute");
    }

    /** A new upload of {@code user}: the per-minute and per-day counts (Redis). */
    public void startUpload(CurrentUser user) {
        window("up:" + user.id(), properties.uploadsPerMinute(), Duration.ofMinutes(1), "rate_limited",
                "more than " + properties.uploadsPerMinute() + " uploads started per minute");
        LocalDate today = LocalDate.now(clock);
        Duration untilMidnight = Duration.between(clock.instant(),
                today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        window("day:" + today + ":" + user.id(), properties.uploadsPerDay(), untilMidnight, "daily_quota",
                "the daily quota of " + properties.uploadsPerDay() + " uploads is used up");
    }

    /**
     * The database quotas for a new upload of {@code bytes}, in the caller's transaction (which must then record the
     * upload before it commits): unfinished uploads and stored bytes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reserve(CurrentUser user, long bytes, boolean resumable) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("uploads:" + user.id())
                .query((rs, n) -> 1).list();
        if (resumable) {
            long active = jdbc.sql("SELECT count(*) FROM uploads WHERE owner_id = ? AND state = 'ACTIVE'")
                    .param(user.id()).query(Long.class).single();
            if (active >= properties.concurrentUploads()) {
                throw tooMany("concurrent_uploads", "you have " + active + " unfinished uploads, the most allowed; "
                        + "finish or delete one first", Duration.ofSeconds(30));
            }
        }
        long used = jdbc.sql("""
                SELECT (SELECT coalesce(sum(source_bytes), 0) FROM videos WHERE owner_id = ? AND status <> 'FAILED')
                     + (SELECT coalesce(sum(upload_length), 0) FROM uploads WHERE owner_id = ? AND state = 'ACTIVE')
                """).param(user.id()).param(user.id()).query(Long.class).single();
        if (used + bytes > properties.storageBytes()) {
            throw tooMany("storage_quota", "this upload of " + bytes + " bytes would take your storage to "
                    + (used + bytes) + " bytes, over your quota of " + properties.storageBytes(), Duration.ofHours(1));
        }
    }

    private void window(String key, int limit, Duration window, String error, String why) {
        List<Long> result;
        try {
            result = redis.execute(WINDOW, List.of(properties.keyPrefix() + ":" + key),
                    Long.toString(Math.max(1, window.toMillis())));
        } catch (RuntimeException e) {
            redisFailures.increment();
            log.warn("rate limit {} not checked, Redis failed: {}", key, e.getMessage());
            return;
        }
        if (result != null && result.size() == 2 && result.get(0) > limit) {
            throw tooMany(error, why + "; retry later", Duration.ofMillis(result.get(1)));
        }
    }

    private static ApiException tooMany(String error, String message, Duration retryAfter) {
        long seconds = Math.max(1, Math.ceilDiv(retryAfter.toMillis(), 1000));
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, error, message,
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
