package io.reelpipe.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * A two-tier cache of ready-to-send bytes: Caffeine in this process (L1) over Redis shared by all instances (L2), with
 * a loader called on a miss in both.
 *
 * <h2>Reading</h2>
 * {@link #get(String, Function)} looks in L1, then in Redis, then calls the loader and writes its result to both
 * tiers. Concurrent misses for one key are coalesced: the first caller runs the Redis lookup and the loader on its own
 * thread, every other caller for that key waits for that one result, so a cold key costs one load however many
 * requests arrive at once. A load that fails (or returns {@code null}) is not cached: each waiting caller gets the
 * loader's exception and the next call tries again.
 *
 * <h2>Values</h2>
 * Values are {@code byte[]} as they go on the wire (for HTTP, see {@link io.reelpipe.cache.http.CachedBody}), so a
 * hit costs no serialization. The arrays are shared between callers and tiers: never modify one.
 *
 * <h2>Expiry</h2>
 * L1 keeps a value for {@link CacheSpec#l1Ttl()} after it was put there; Redis keeps it for {@link CacheSpec#l2Ttl()}
 * plus a random jitter of up to {@link CacheSpec#jitter()} of it. A value read from Redis starts a fresh L1 TTL, so the
 * oldest a value can be when served is about {@code l1Ttl + l2Ttl * (1 + jitter)}.
 *
 * <h2>Redis outages</h2>
 * Redis is an accelerator, never a dependency: when a Redis call fails the cache carries on with L1 and the loader,
 * logs the outage once, counts each failure ({@code reelpipe.cache.errors}) and stops calling Redis for a back-off
 * interval (one second by default) before trying again, so requests during an outage do not each wait for a timeout.
 * Configure short Redis command and connect timeouts on the connection factory.
 *
 * <h2>Invalidation</h2>
 * {@link #invalidate(String)} removes the key from this instance's L1 and from Redis. Other instances keep their L1
 * copy until its TTL runs out, which is why L1 TTLs are kept short. A load already under way when the key is
 * invalidated may still write its (older) result afterwards. TODO(issue 5): broadcast invalidations over Redis pub/sub
 * so every instance drops its L1 copy, add stale-while-revalidate, negative caching and a real circuit breaker.
 *
 * <h2>Metrics</h2>
 * Counters {@code reelpipe.cache.hits} and {@code reelpipe.cache.misses} (tags {@code cache}, {@code tier} =
 * {@code l1}|{@code l2}), {@code reelpipe.cache.loads} (tags {@code cache}, {@code result} =
 * {@code success}|{@code failure}), {@code reelpipe.cache.errors} (tags {@code cache}, {@code tier}), and gauges
 * {@code reelpipe.cache.size} (L1 entries) and {@code reelpipe.cache.available} (1 while Redis answers).
 *
 * <p>Thread-safe. Build one per cache name with {@link #builder(CacheSpec)}.
 */
public final class TwoTierCache {

    private final CacheSpec spec;
    private final AsyncCache<String, byte[]> local;
    private final SecondTier remote;
    private final DoubleSupplier random;
    private final Counter l1Hits;
    private final Counter l1Misses;
    private final Counter loadSuccesses;
    private final Counter loadFailures;

    private TwoTierCache(Builder builder) {
        this.spec = builder.spec;
        this.random = builder.random;
        MeterRegistry registry = builder.registry;
        Caffeine<Object, Object> caffeine = Caffeine.newBuilder()
                .maximumSize(spec.maxSize())
                .expireAfterWrite(spec.l1Ttl())
                .ticker(builder.ticker);
        if (builder.executor != null) {
            caffeine.executor(builder.executor);
        }
        this.local = caffeine.buildAsync();
        RemoteStore store = builder.store != null ? builder.store
                : builder.redis != null ? new RedisStore(builder.redis, builder.keyPrefix + spec.name() + ":")
                : null;
        this.remote = store == null ? null
                : new SecondTier(store, spec.name(), builder.ticker, builder.redisBackoff, registry);
        this.l1Hits = CacheMetrics.hits(registry, spec.name(), CacheMetrics.L1);
        this.l1Misses = CacheMetrics.misses(registry, spec.name(), CacheMetrics.L1);
        this.loadSuccesses = CacheMetrics.loads(registry, spec.name(), "success");
        this.loadFailures = CacheMetrics.loads(registry, spec.name(), "failure");
        Gauge.builder(CacheMetrics.SIZE, local, c -> c.synchronous().estimatedSize())
                .description("Entries in the in-process tier")
                .tag("cache", spec.name())
                .tag("tier", CacheMetrics.L1)
                .register(registry);
    }

    /** Starts a cache with these settings; without {@link Builder#redis} it has the in-process tier only. */
    public static Builder builder(CacheSpec spec) {
        return new Builder(spec);
    }

    /** The cache's name, as in its metrics and Redis keys. */
    public String name() {
        return spec.name();
    }

    /**
     * The value for {@code key}: from L1, else from Redis, else from {@code loader}, which is then stored in both.
     * Blocks while another caller loads the same key and returns that caller's result.
     *
     * @param key    the key; the same key must always stand for the same content
     * @param loader produces the value on a miss in both tiers; called with {@code key}, on the calling thread, at
     *               most once at a time per key; must not return {@code null} and should be bounded in time (every
     *               caller of the key waits for it)
     * @return the cached or loaded bytes; do not modify them
     * @throws RuntimeException what the loader threw, to this caller and every caller that waited for that load
     * @throws NullPointerException when the loader returned {@code null}
     */
    public byte[] get(String key, Function<? super String, byte[]> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        Load mine = new Load();
        CompletableFuture<byte[]> shared = local.get(key, (k, executor) -> mine);
        if (shared != mine) {
            l1Hits.increment();
            return ((Load) shared).await();
        }
        l1Misses.increment();
        try {
            byte[] value = loadThroughRemote(key, loader);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.fail(e);
            throw e;
        }
    }

    /**
     * Removes {@code key} from this instance's L1 and from Redis; other instances keep their L1 copy until it expires
     * (see the class comment). Never throws for a Redis failure.
     */
    public void invalidate(String key) {
        Objects.requireNonNull(key, "key");
        local.synchronous().invalidate(key);
        if (remote != null) {
            remote.delete(key);
        }
    }

    /** Removes {@code key} from this instance's L1 only, as a remote invalidation message will. */
    void invalidateLocal(String key) {
        local.synchronous().invalidate(key);
    }

    /** Whether Redis is configured and currently considered down. */
    boolean isRemoteDown() {
        return remote != null && remote.isDown();
    }

    private byte[] loadThroughRemote(String key, Function<? super String, byte[]> loader) {
        if (remote != null) {
            byte[] stored = remote.get(key);
            if (stored != null) {
                return stored;
            }
        }
        byte[] loaded;
        try {
            loaded = loader.apply(key);
        } catch (RuntimeException | Error e) {
            loadFailures.increment();
            throw e;
        }
        if (loaded == null) {
            loadFailures.increment();
            throw new NullPointerException("the loader of cache " + spec.name() + " returned null for key " + key);
        }
        loadSuccesses.increment();
        if (remote != null) {
            remote.put(key, loaded, jitteredL2Ttl());
        }
        return loaded;
    }

    private Duration jitteredL2Ttl() {
        long base = spec.l2Ttl().toMillis();
        return Duration.ofMillis(base + (long) (base * spec.jitter() * random.getAsDouble()));
    }

    /**
     * One load in flight, as L1 holds it while it runs. A failed load completes with {@code null} (which makes
     * Caffeine drop the entry quietly) and keeps the failure here for the callers that waited; completing the future
     * exceptionally would also drop it, but Caffeine logs a warning with a stack trace for each one, which during a
     * database outage would bury the application's own error log.
     */
    private static final class Load extends CompletableFuture<byte[]> {

        private volatile Throwable failure;

        void fail(Throwable cause) {
            failure = cause;
            complete(null);
        }

        byte[] await() {
            byte[] value = join();
            if (value != null) {
                return value;
            }
            Throwable cause = failure;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("cache load failed", cause);
        }
    }

    /** Builds a {@link TwoTierCache}. */
    public static final class Builder {

        private final CacheSpec spec;
        private RedisConnectionFactory redis;
        private String keyPrefix = "reelpipe:cache:";
        private Duration redisBackoff = Duration.ofSeconds(1);
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Ticker ticker = Ticker.systemTicker();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Executor executor;
        private RemoteStore store;

        private Builder(CacheSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** The Redis behind L2; give it short command and connect timeouts. Without one the cache is L1 only. */
        public Builder redis(RedisConnectionFactory connectionFactory) {
            this.redis = Objects.requireNonNull(connectionFactory, "connectionFactory");
            return this;
        }

        /**
         * What every Redis key of this cache starts with, before {@code <name>:}; {@code reelpipe:cache:} by default.
         * Environments (or test runs) that share one Redis give each a prefix of its own.
         */
        public Builder keyPrefix(String prefix) {
            if (prefix == null || prefix.isEmpty() || prefix.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "key prefix must be non-empty without whitespace, got '" + prefix + "'");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /** How long to leave Redis alone after a failed call before trying it again; one second by default. */
        public Builder redisBackoff(Duration backoff) {
            if (backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("redis back-off must be zero or positive, got " + backoff);
            }
            this.redisBackoff = backoff;
            return this;
        }

        /** Where the cache's meters go; a private registry (metrics unseen) by default. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.registry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /** The clock of L1 expiry and the Redis back-off; tests pass a fake one. */
        Builder ticker(Ticker fakeTicker) {
            this.ticker = Objects.requireNonNull(fakeTicker);
            return this;
        }

        /** The source of TTL jitter, a double in {@code [0, 1)}; tests pass a fixed one. */
        Builder random(DoubleSupplier fixedRandom) {
            this.random = Objects.requireNonNull(fixedRandom);
            return this;
        }

        /** Caffeine's maintenance executor; tests pass {@code Runnable::run} for determinism. */
        Builder executor(Executor maintenance) {
            this.executor = Objects.requireNonNull(maintenance);
            return this;
        }

        /** A store in place of Redis; for tests. */
        Builder store(RemoteStore fakeStore) {
            this.store = Objects.requireNonNull(fakeStore);
            return this;
        }

        public TwoTierCache build() {
            return new TwoTierCache(this);
        }
    }
}
