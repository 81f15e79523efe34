package io.reelpipe.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * loader's exception and the next call tries again. {@link #find} is the same for loaders that may find nothing: the
 * absence is cached for {@link CacheSpec#negativeTtl()} (negative caching), so a flood of requests for an unknown id
 * costs one load per TTL too.
 *
 * <h2>Values</h2>
 * Values are {@code byte[]} as they go on the wire (for HTTP, see {@link io.reelpipe.cache.http.CachedBody}), so a
 * hit costs no serialization. The arrays are shared between callers and tiers: never modify one.
 *
 * <h2>Expiry and stale-while-revalidate</h2>
 * A value is fresh in L1 for {@link CacheSpec#l1Ttl()} after it was put there, and in Redis for
 * {@link CacheSpec#l2Ttl()} after it was loaded (by any instance: Redis holds the wall-clock time until which it is
 * fresh). For {@link CacheSpec#staleTtl()} after that, a read still returns the value at once and starts one
 * background load that replaces it (stale-while-revalidate); readers never wait for a reload of a value they had.
 * Redis keeps each entry for its fresh and stale time plus a random jitter of up to {@link CacheSpec#jitter()} of the
 * fresh time, so entries written together do not expire together.
 *
 * <h2>Scopes and invalidation</h2>
 * Entries may belong to a scope (for example one viewer's personal pages): {@link #invalidateScope} drops all of a
 * scope's entries at once, on every instance, without listing them. Each scope has a generation that is part of its
 * entries' keys; invalidating a scope moves its generation forward (in Redis, and in every instance's memory through
 * {@link CacheInvalidations}), so old entries are never read again and simply expire. Instances re-read a scope's
 * generation from Redis every few seconds (see {@link Builder#generationRefresh}), which bounds the effect of a missed
 * pub/sub message. {@link #invalidate} drops one key from Redis and from every instance's memory;
 * {@link #invalidateAll()} invalidates the cache's root scope, which holds every unscoped entry. A load already under
 * way when its key is invalidated may still store its (older) result afterwards.
 *
 * <h2>Redis outages</h2>
 * Redis is an accelerator, never a dependency: its calls go through a {@link CircuitBreaker}. A failed call reads as a
 * miss; after {@link Builder#redisFailureThreshold consecutive failures} the circuit opens and Redis is left alone for
 * {@link Builder#redisBackoff the back-off}, after which one request probes it (half-open) while the others still
 * skip it. Meanwhile the cache serves L1 and the loader. Configure short Redis command and connect timeouts on the
 * connection factory.
 *
 * <h2>Metrics</h2>
 * Counters {@code reelpipe.cache.hits} and {@code reelpipe.cache.misses} (tags {@code cache}, {@code tier} =
 * {@code l1}|{@code l2}), {@code reelpipe.cache.loads} (tags {@code cache}, {@code result} =
 * {@code success}|{@code failure}), {@code reelpipe.cache.stale}, {@code reelpipe.cache.refreshes} (tag
 * {@code result}), {@code reelpipe.cache.invalidations} (tag {@code origin} = {@code local}|{@code remote}),
 * {@code reelpipe.cache.errors} (tags {@code cache}, {@code tier}); timer {@code reelpipe.cache.load.time}; gauges
 * {@code reelpipe.cache.size} (L1 entries), {@code reelpipe.cache.available} (1 while Redis answers) and
 * {@code reelpipe.cache.breaker.state} (0 closed, 1 open, 2 half-open).
 *
 * <p>Thread-safe. Build one per cache name with {@link #builder(CacheSpec)}.
 */
public final class TwoTierCache {

    private static final Logger log = LoggerFactory.getLogger(TwoTierCache.class);

    /** The scope of unscoped entries; {@link #invalidateAll()} moves its generation. */
    private static final String ROOT = "";
    private static final String KEY_MESSAGE = "K";
    private static final String SCOPE_MESSAGE = "S";

    private final CacheSpec spec;
    private final AsyncCache<String, Entry> local;
    private final SecondTier remote;
    private final CacheInvalidations invalidations;
    /** This instance's view of each scope's generation, re-read from Redis when it expires. */
    private final Cache<String, Long> generations;
    /** The generations this instance moved scopes to, kept as long as an entry can live, in case Redis lost them. */
    private final Cache<String, Long> floors;
    private final Duration generationTtl;
    private final Ticker ticker;
    private final LongSupplier wallMillis;
    private final DoubleSupplier random;
    private final Executor refresher;
    private final ConcurrentHashMap<String, Boolean> refreshing = new ConcurrentHashMap<>();
    private final Counter l1Hits;
    private final Counter l1Misses;
    private final Counter loadSuccesses;
    private final Counter loadFailures;
    private final Counter staleServed;
    private final Counter refreshSuccesses;
    private final Counter refreshFailures;
    private final Counter localInvalidations;
    private final Counter remoteInvalidations;
    private final Timer loadTime;

    private TwoTierCache(Builder builder) {
        this.spec = builder.spec;
        this.ticker = builder.ticker;
        this.wallMillis = builder.wallMillis != null ? builder.wallMillis : System::currentTimeMillis;
        this.random = builder.random;
        this.refresher = builder.executor != null ? builder.executor : VirtualThreads.EXECUTOR;
        MeterRegistry registry = builder.registry;
        Caffeine<String, Entry> caffeine = Caffeine.newBuilder()
                .maximumSize(spec.maxSize())
                .ticker(builder.ticker)
                .expireAfter(new UntilStale());
        if (builder.executor != null) {
            caffeine.executor(builder.executor);
        }
        this.local = caffeine.buildAsync();
        Duration lifetime = spec.l2Ttl().plus(spec.staleTtl()).plus(spec.negativeTtl())
                .plus(spec.l2Ttl().multipliedBy(2)).plus(spec.l1Ttl());
        this.generationTtl = lifetime.plusMinutes(1);
        this.generations = Caffeine.newBuilder().maximumSize(builder.maxScopes)
                .expireAfterWrite(builder.generationRefresh).ticker(builder.ticker).build();
        this.floors = Caffeine.newBuilder().maximumSize(builder.maxScopes)
                .expireAfterWrite(generationTtl).ticker(builder.ticker).build();
        RemoteStore store = builder.store != null ? builder.store
                : builder.redis != null ? new RedisStore(builder.redis, builder.keyPrefix + spec.name() + ":")
                : null;
        this.remote = store == null ? null : new SecondTier(store, spec.name(), builder.ticker, builder.redisBackoff,
                builder.redisFailureThreshold, registry);
        this.invalidations = builder.invalidations;
        this.l1Hits = CacheMetrics.hits(registry, spec.name(), CacheMetrics.L1);
        this.l1Misses = CacheMetrics.misses(registry, spec.name(), CacheMetrics.L1);
        this.loadSuccesses = CacheMetrics.loads(registry, spec.name(), "success");
        this.loadFailures = CacheMetrics.loads(registry, spec.name(), "failure");
        this.staleServed = Counter.builder(CacheMetrics.STALE)
                .description("Values served past their freshness while a background load replaces them")
                .tag("cache", spec.name()).register(registry);
        this.refreshSuccesses = CacheMetrics.refreshes(registry, spec.name(), "success");
        this.refreshFailures = CacheMetrics.refreshes(registry, spec.name(), "failure");
        this.localInvalidations = CacheMetrics.invalidations(registry, spec.name(), "local");
        this.remoteInvalidations = CacheMetrics.invalidations(registry, spec.name(), "remote");
        this.loadTime = Timer.builder(CacheMetrics.LOAD_TIME).description("Time spent in the cache's loader")
                .tag("cache", spec.name()).register(registry);
        Gauge.builder(CacheMetrics.SIZE, local, c -> c.synchronous().estimatedSize())
                .description("Entries in the in-process tier")
                .tag("cache", spec.name())
                .tag("tier", CacheMetrics.L1)
                .register(registry);
        if (invalidations != null) {
            invalidations.subscribe(spec.name(), this::onMessage);
        }
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
     * @param loader produces the value on a miss in both tiers; called with {@code key}, on the calling thread (or in
     *               the background to replace a stale value), at most once at a time per key; must not return
     *               {@code null} and should be bounded in time (every caller of the key waits for it)
     * @return the cached or loaded bytes; do not modify them
     * @throws RuntimeException what the loader threw, to this caller and every caller that waited for that load
     * @throws NullPointerException when the loader returned {@code null}
     */
    public byte[] get(String key, Function<? super String, byte[]> loader) {
        return get(ROOT, key, loader);
    }

    /** {@link #get(String, Function)} for an entry of {@code scope}, which {@link #invalidateScope} drops at once. */
    public byte[] get(String scope, String key, Function<? super String, byte[]> loader) {
        Objects.requireNonNull(loader, "loader");
        return find(scope, key, k -> Optional.of(Objects.requireNonNull(loader.apply(k),
                        () -> "the loader of cache " + spec.name() + " returned null for key " + k)))
                .orElseThrow(() -> new IllegalStateException(
                        "cache " + spec.name() + " holds an absence for key " + key + "; read it with find"));
    }

    /**
     * Like {@link #get(String, Function)} for a loader that may find nothing: its empty result is cached as an
     * absence for {@link CacheSpec#negativeTtl()} (not at all when that is zero).
     */
    public Optional<byte[]> find(String key, Function<? super String, Optional<byte[]>> loader) {
        return find(ROOT, key, loader);
    }

    /** {@link #find(String, Function)} for an entry of {@code scope}. */
    public Optional<byte[]> find(String scope, String key, Function<? super String, Optional<byte[]>> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        String l1Key = l1Key(scope, key);
        Load mine = new Load();
        CompletableFuture<Entry> shared = local.get(l1Key, (k, executor) -> mine);
        if (shared != mine) {
            l1Hits.increment();
            Entry entry = ((Load) shared).await();
            if (entry.staleAt(ticker.read())) {
                staleServed.increment();
                refreshInBackground(l1Key, key, loader);
            }
            return entry.value();
        }
        l1Misses.increment();
        try {
            Entry entry = loadThroughRemote(l1Key, key, loader, false);
            mine.complete(entry);
            if (entry.staleAt(ticker.read())) {
                // Redis had it, stale: served as is, replaced in the background.
                staleServed.increment();
                refreshInBackground(l1Key, key, loader);
            }
            return entry.value();
        } catch (RuntimeException | Error e) {
            mine.fail(e);
            throw e;
        }
    }

    /**
     * The value of an unscoped {@code key} if this instance holds it fresh in memory, else {@code null}: no Redis, no
     * load, no waiting. For hot paths that answer from memory before doing any other work, and fall back to
     * {@link #get(String, Function)} otherwise. A value found counts as an L1 hit; nothing is counted otherwise.
     */
    public byte[] peek(String key) {
        CompletableFuture<Entry> held = local.getIfPresent(l1Key(ROOT, key));
        if (held == null || !held.isDone()) {
            return null;
        }
        Entry entry = held.getNow(null);
        if (entry == null || entry.payload() == null || ticker.read() - entry.freshUntil() >= 0) {
            return null;
        }
        l1Hits.increment();
        return entry.payload();
    }

    /** Removes {@code key} from Redis and from every instance's memory. Never throws for a Redis failure. */
    public void invalidate(String key) {
        invalidate(ROOT, key);
    }

    /** Removes {@code key} of {@code scope} from Redis and from every instance's memory. */
    public void invalidate(String scope, String key) {
        Objects.requireNonNull(key, "key");
        String l1Key = l1Key(scope, key);
        local.synchronous().invalidate(l1Key);
        if (remote != null) {
            remote.delete(l2Key(l1Key));
        }
        publish(KEY_MESSAGE + ' ' + l1Key);
    }

    /**
     * Drops every entry of {@code scope}, on every instance, by moving the scope to a new generation (its old entries
     * are never read again). Never throws for a Redis failure: during an outage the new generation holds in this
     * instance, and reaches the others through pub/sub when that works.
     */
    public void invalidateScope(String scope) {
        requireScope(scope);
        long next = Math.max(wallMillis.getAsLong(), generation(scope) + 1);
        floors.asMap().merge(scope, next, Math::max);
        generations.asMap().merge(scope, next, Math::max);
        if (remote != null) {
            remote.putAlways(generationKey(scope), Long.toString(next).getBytes(StandardCharsets.US_ASCII),
                    generationTtl);
        }
        publish(SCOPE_MESSAGE + ' ' + next + ' ' + scope);
    }

    /** Drops every unscoped entry, on every instance (see {@link #invalidateScope}). */
    public void invalidateAll() {
        invalidateScope(ROOT);
    }

    /** Removes {@code key} from this instance's L1 only, as a remote invalidation message does. */
    void invalidateLocal(String key) {
        local.synchronous().invalidate(l1Key(ROOT, key));
    }

    /** Whether Redis is configured and currently considered down. */
    boolean isRemoteDown() {
        return remote != null && remote.isDown();
    }

    private void onMessage(String message) {
        String[] parts = message.split(" ", 3);
        if (parts[0].equals(KEY_MESSAGE) && parts.length == 2) {
            local.synchronous().invalidate(parts[1]);
        } else if (parts[0].equals(SCOPE_MESSAGE) && parts.length == 3) {
            long generation;
            try {
                generation = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                log.debug("Cache {}: ignoring malformed invalidation {}", spec.name(), message);
                return;
            }
            floors.asMap().merge(parts[2], generation, Math::max);
            generations.asMap().merge(parts[2], generation, Math::max);
        } else {
            log.debug("Cache {}: ignoring malformed invalidation {}", spec.name(), message);
            return;
        }
        remoteInvalidations.increment();
    }

    private void publish(String body) {
        localInvalidations.increment();
        if (invalidations != null) {
            invalidations.publish(spec.name(), body);
        }
    }

    /** The in-memory key: scope, its current generation, key. Redis keys add a prefix to it. */
    private String l1Key(String scope, String key) {
        requireScope(scope);
        return scope + '#' + generation(scope) + ':' + key;
    }

    private static void requireScope(String scope) {
        if (scope == null || scope.indexOf('#') >= 0 || scope.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a cache scope must not be null or contain '#' or ' ', got '"
                    + scope + "'");
        }
    }

    private long generation(String scope) {
        Long known = generations.getIfPresent(scope);
        if (known != null) {
            return known;
        }
        return generations.get(scope, s -> {
            long floor = Objects.requireNonNullElse(floors.getIfPresent(s), 0L);
            return Math.max(floor, remoteGeneration(s));
        });
    }

    private long remoteGeneration(String scope) {
        if (remote == null) {
            return 0;
        }
        byte[] stored = remote.read(generationKey(scope));
        if (stored == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(stored, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String generationKey(String scope) {
        return "g:" + scope;
    }

    private static String l2Key(String l1Key) {
        return "v:" + l1Key;
    }

    /**
     * Redis's value if it has one worth serving (fresh, or stale within the stale window unless this is already the
     * background reload), else the loader's, stored in Redis.
     */
    private Entry loadThroughRemote(String l1Key, String key, Function<? super String, Optional<byte[]>> loader,
            boolean revalidating) {
        if (remote != null) {
            StoredValue stored = StoredValue.decode(remote.get(l2Key(l1Key)));
            if (stored != null) {
                long freshFor = stored.freshUntil() - wallMillis.getAsLong();
                if (freshFor > 0 || !revalidating && stored.payload() != null && !spec.staleTtl().isZero()) {
                    return Entry.fromRemote(stored.payload(), freshFor, spec, ticker.read());
                }
            }
        }
        Optional<byte[]> loaded;
        long started = ticker.read();
        try {
            loaded = loader.apply(key);
        } catch (RuntimeException | Error e) {
            loadFailures.increment();
            throw e;
        } finally {
            loadTime.record(Duration.ofNanos(ticker.read() - started));
        }
        if (loaded == null) {
            loadFailures.increment();
            throw new NullPointerException("the loader of cache " + spec.name() + " returned null for key " + key);
        }
        loadSuccesses.increment();
        byte[] value = loaded.orElse(null);
        Duration fresh = value != null ? spec.l2Ttl() : spec.negativeTtl();
        if (remote != null && !fresh.isZero()) {
            long now = wallMillis.getAsLong();
            remote.put(l2Key(l1Key), new StoredValue(value, now + fresh.toMillis()).encode(),
                    redisTtl(fresh, value != null ? spec.staleTtl() : Duration.ZERO));
        }
        return Entry.loaded(value, spec, ticker.read());
    }

    private void refreshInBackground(String l1Key, String key, Function<? super String, Optional<byte[]>> loader) {
        if (refreshing.putIfAbsent(l1Key, Boolean.TRUE) != null) {
            return;
        }
        Runnable refresh = () -> {
            try {
                Entry entry = loadThroughRemote(l1Key, key, loader, true);
                local.put(l1Key, Load.completed(entry));
                refreshSuccesses.increment();
            } catch (RuntimeException | Error e) {
                refreshFailures.increment();
                log.debug("Cache {}: background reload of {} failed; the stale value stays until it expires",
                        spec.name(), key, e);
            } finally {
                refreshing.remove(l1Key);
            }
        };
        try {
            refresher.execute(refresh);
        } catch (RejectedExecutionException e) {
            refreshing.remove(l1Key);
        }
    }

    /** Fresh time plus stale time, plus the jitter (a random share of the fresh time). */
    private Duration redisTtl(Duration fresh, Duration stale) {
        long base = fresh.toMillis();
        return Duration.ofMillis(base + stale.toMillis() + (long) (base * spec.jitter() * random.getAsDouble()));
    }

    /**
     * What L1 holds for a key: the value ({@code null} for a cached absence), fresh until {@code freshUntil} and
     * served stale until {@code staleUntil} (ticker nanoseconds), after which Caffeine drops it.
     */
    private record Entry(byte[] payload, long freshUntil, long staleUntil) {

        static Entry loaded(byte[] payload, CacheSpec spec, long now) {
            if (payload == null) {
                long until = now + Math.min(spec.l1Ttl().toNanos(), spec.negativeTtl().toNanos());
                return new Entry(null, until, until);
            }
            long fresh = now + spec.l1Ttl().toNanos();
            return new Entry(payload, fresh, fresh + spec.staleTtl().toNanos());
        }

        /** A value Redis had, fresh for {@code freshForMillis} more (stale when not positive). */
        static Entry fromRemote(byte[] payload, long freshForMillis, CacheSpec spec, long now) {
            if (freshForMillis > 0) {
                long fresh = now + Math.min(spec.l1Ttl().toNanos(), Duration.ofMillis(freshForMillis).toNanos());
                return new Entry(payload, fresh, payload == null ? fresh : fresh + spec.staleTtl().toNanos());
            }
            long staleFor = Math.max(0, spec.staleTtl().toNanos() + Duration.ofMillis(freshForMillis).toNanos());
            return new Entry(payload, now, now + staleFor);
        }

        /** Whether this is a value past its freshness but within its stale window, which wants a reload. */
        boolean staleAt(long now) {
            return payload != null && staleUntil != freshUntil && now - freshUntil >= 0;
        }

        Optional<byte[]> value() {
            return Optional.ofNullable(payload);
        }
    }

    /** Caffeine drops an entry once it is past serving, stale or not. */
    private static final class UntilStale implements Expiry<String, Entry> {

        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return Math.max(0, entry.staleUntil() - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /**
     * One load in flight, as L1 holds it while it runs. A failed load completes with {@code null} (which makes
     * Caffeine drop the entry quietly) and keeps the failure here for the callers that waited; completing the future
     * exceptionally would also drop it, but Caffeine logs a warning with a stack trace for each one, which during a
     * database outage would bury the application's own error log.
     */
    private static final class Load extends CompletableFuture<Entry> {

        private volatile Throwable failure;

        static Load completed(Entry entry) {
            Load load = new Load();
            load.complete(entry);
            return load;
        }

        void fail(Throwable cause) {
            failure = cause;
            complete(null);
        }

        Entry await() {
            Entry value = join();
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

    /** Background reloads run on virtual threads: they block on Redis and the loader, and are short. */
    private static final class VirtualThreads {

        private static final ThreadFactory FACTORY = Thread.ofVirtual().name("cache-reload-", 0).factory();
        static final Executor EXECUTOR = task -> FACTORY.newThread(task).start();
    }

    /** Builds a {@link TwoTierCache}. */
    public static final class Builder {

        private final CacheSpec spec;
        private RedisConnectionFactory redis;
        private String keyPrefix = "reelpipe:cache:";
        private Duration redisBackoff = Duration.ofSeconds(1);
        private int redisFailureThreshold = 1;
        private Duration generationRefresh = Duration.ofSeconds(10);
        private long maxScopes = 100_000;
        private CacheInvalidations invalidations;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Ticker ticker = Ticker.systemTicker();
        private LongSupplier wallMillis;
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

        /** How long the circuit stays open after Redis failed, before one probe; one second by default. */
        public Builder redisBackoff(Duration backoff) {
            if (backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("redis back-off must be zero or positive, got " + backoff);
            }
            this.redisBackoff = backoff;
            return this;
        }

        /** How many consecutive Redis failures open the circuit; one by default. */
        public Builder redisFailureThreshold(int failures) {
            if (failures < 1) {
                throw new IllegalArgumentException("redis failure threshold must be at least 1, got " + failures);
            }
            this.redisFailureThreshold = failures;
            return this;
        }

        /**
         * How long an instance trusts its own copy of a scope's generation before reading it from Redis again; ten
         * seconds by default. Bounds how long a missed invalidation message can leave old entries in use.
         */
        public Builder generationRefresh(Duration refresh) {
            if (refresh == null || refresh.isNegative() || refresh.isZero()) {
                throw new IllegalArgumentException("generation refresh must be positive, got " + refresh);
            }
            this.generationRefresh = refresh;
            return this;
        }

        /** The most scopes whose generation an instance remembers; 100,000 by default. */
        public Builder maxScopes(long scopes) {
            if (scopes < 1) {
                throw new IllegalArgumentException("max scopes must be positive, got " + scopes);
            }
            this.maxScopes = scopes;
            return this;
        }

        /** Where invalidations go to and come from other instances; without one they stay in this instance. */
        public Builder invalidations(CacheInvalidations bus) {
            this.invalidations = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /** Where the cache's meters go; a private registry (metrics unseen) by default. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.registry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /** The clock of L1 expiry and the Redis circuit; tests pass a fake one. */
        Builder ticker(Ticker fakeTicker) {
            this.ticker = Objects.requireNonNull(fakeTicker);
            return this;
        }

        /** The wall clock (epoch milliseconds) of Redis freshness; tests pass a fake one. */
        Builder wallClock(LongSupplier fakeMillis) {
            this.wallMillis = Objects.requireNonNull(fakeMillis);
            return this;
        }

        /** The source of TTL jitter, a double in {@code [0, 1)}; tests pass a fixed one. */
        Builder random(DoubleSupplier fixedRandom) {
            this.random = Objects.requireNonNull(fixedRandom);
            return this;
        }

        /** Caffeine's maintenance executor and the one for background reloads; tests pass {@code Runnable::run}. */
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
