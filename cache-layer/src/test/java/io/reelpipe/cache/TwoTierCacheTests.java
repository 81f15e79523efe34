package io.reelpipe.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TwoTierCacheTests {

    private static final Duration L1_TTL = Duration.ofSeconds(2);
    private static final Duration L2_TTL = Duration.ofSeconds(10);
    /** Where an unscoped key lives in the store: the root scope at generation 0. */
    private static final String STORED_K = "v:#0:k";

    private final FakeTicker ticker = new FakeTicker();
    private final FakeStore store = new FakeStore();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger loads = new AtomicInteger();

    private TwoTierCache cache(FakeStore remote) {
        TwoTierCache.Builder builder = TwoTierCache.builder(new CacheSpec("feed", L1_TTL, L2_TTL, 100, 0.1))
                .ticker(ticker)
                .wallClock(ticker::millis)
                .executor(Runnable::run)
                .random(() -> 0.5)
                .redisBackoff(Duration.ofSeconds(1))
                .meterRegistry(registry);
        return (remote == null ? builder : builder.store(remote)).build();
    }

    private Function<String, byte[]> loader(String value) {
        return key -> {
            loads.incrementAndGet();
            return value.getBytes(UTF_8);
        };
    }

    private double count(String name, String tag, String value) {
        return registry.get(name).tag("cache", "feed").tag(tag, value).counter().count();
    }

    @Test
    void aSecondGetWithinTheL1TtlIsServedFromMemoryWithoutLoadingOrAskingRedis() {
        TwoTierCache cache = cache(store);

        assertThat(cache.get("k", loader("v1"))).asString(UTF_8).isEqualTo("v1");
        int storeCalls = store.calls.get();
        ticker.advance(L1_TTL.minusMillis(1));
        assertThat(cache.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v1");

        assertThat(loads).hasValue(1);
        assertThat(store.calls).hasValue(storeCalls);
        assertThat(count(CacheMetrics.HITS, "tier", "l1")).isEqualTo(1);
        assertThat(count(CacheMetrics.MISSES, "tier", "l1")).isEqualTo(1);
        assertThat(count(CacheMetrics.MISSES, "tier", "l2")).isEqualTo(1);
        assertThat(count(CacheMetrics.LOADS, "result", "success")).isEqualTo(1);
    }

    @Test
    void afterTheL1TtlTheValueComesFromRedisWithoutLoading() {
        TwoTierCache cache = cache(store);
        cache.get("k", loader("v1"));

        ticker.advance(L1_TTL);
        assertThat(cache.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v1");

        assertThat(loads).hasValue(1);
        assertThat(count(CacheMetrics.HITS, "tier", "l2")).isEqualTo(1);
        assertThat(count(CacheMetrics.MISSES, "tier", "l1")).isEqualTo(2);
    }

    @Test
    void aMissInBothTiersLoadsOnceAndWritesRedisWithAJitteredTtl() {
        TwoTierCache cache = cache(store);

        cache.get("k", loader("v1"));

        assertThat(store.values).containsKey(STORED_K);
        // Jitter 0.1 of 10 s at random 0.5: half a second on top.
        assertThat(store.ttls.get(STORED_K)).isEqualTo(Duration.ofMillis(10_500));
    }

    @Test
    void concurrentMissesForOneKeyCallTheLoaderOnceAndAllGetItsValue() throws Exception {
        TwoTierCache cache = cache(store);
        int callers = 16;
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Function<String, byte[]> slowLoader = key -> {
            loads.incrementAndGet();
            loaderEntered.countDown();
            await(release);
            return "v".getBytes(UTF_8);
        };
        List<Future<byte[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            results.add(pool.submit(() -> cache.get("k", slowLoader)));
            await(loaderEntered);
            for (int i = 1; i < callers; i++) {
                results.add(pool.submit(() -> cache.get("k", slowLoader)));
            }
            // Every other caller has found the load in flight once it counts as an L1 hit; only then let it finish.
            spinUntil(() -> count(CacheMetrics.HITS, "tier", "l1") == callers - 1);
            release.countDown();
            for (Future<byte[]> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).asString(UTF_8).isEqualTo("v");
            }
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailingLoaderPropagatesItsExceptionAndCachesNothing() {
        TwoTierCache cache = cache(store);

        assertThatThrownBy(() -> cache.get("k", key -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database down");

        assertThat(store.values).isEmpty();
        assertThat(cache.get("k", loader("v1"))).asString(UTF_8).isEqualTo("v1");
        assertThat(count(CacheMetrics.LOADS, "result", "failure")).isEqualTo(1);
    }

    @Test
    void aLoaderReturningNullIsAnErrorAndCachesNothing() {
        TwoTierCache cache = cache(store);

        assertThatThrownBy(() -> cache.get("k", key -> null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("feed");

        assertThat(cache.get("k", loader("v1"))).asString(UTF_8).isEqualTo("v1");
    }

    @Test
    void whenRedisThrowsValuesAreLoadedAndServedAndTheOutageIsCounted() {
        TwoTierCache cache = cache(store);
        store.failing = true;

        assertThat(cache.get("a", loader("va"))).asString(UTF_8).isEqualTo("va");
        assertThat(cache.isRemoteDown()).isTrue();
        assertThat(count(CacheMetrics.ERRORS, "tier", "l2")).isEqualTo(1);
        assertThat(registry.get(CacheMetrics.AVAILABLE).tag("cache", "feed").gauge().value()).isZero();

        // Within the back-off Redis is not called at all.
        int callsDuringOutage = store.calls.get();
        assertThat(cache.get("b", loader("vb"))).asString(UTF_8).isEqualTo("vb");
        assertThat(store.calls).hasValue(callsDuringOutage);
        assertThat(cache.get("a", loader("other"))).asString(UTF_8).isEqualTo("va");
    }

    @Test
    void afterTheBackOffRedisIsTriedAgainAndUsedOnceItAnswers() {
        TwoTierCache cache = cache(store);
        store.failing = true;
        cache.get("a", loader("va"));

        store.failing = false;
        ticker.advance(Duration.ofSeconds(1));
        cache.get("b", loader("vb"));

        assertThat(cache.isRemoteDown()).isFalse();
        assertThat(store.values).containsKey("v:#0:b");
        assertThat(registry.get(CacheMetrics.AVAILABLE).tag("cache", "feed").gauge().value()).isEqualTo(1);
    }

    @Test
    void invalidateRemovesTheKeyFromBothTiers() {
        TwoTierCache cache = cache(store);
        cache.get("k", loader("v1"));

        cache.invalidate("k");

        assertThat(store.values).doesNotContainKey(STORED_K);
        assertThat(cache.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void invalidateDoesNotThrowWhenRedisFails() {
        TwoTierCache cache = cache(store);
        cache.get("k", loader("v1"));
        store.failing = true;

        cache.invalidate("k");

        assertThat(cache.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v2");
    }

    @Test
    void withoutRedisTheCacheWorksFromMemoryAlone() {
        TwoTierCache cache = cache(null);

        cache.get("k", loader("v1"));
        cache.get("k", loader("v2"));
        ticker.advance(L1_TTL);
        assertThat(cache.get("k", loader("v3"))).asString(UTF_8).isEqualTo("v3");

        assertThat(loads).hasValue(2);
        assertThat(registry.find(CacheMetrics.HITS).tag("tier", "l2").counter()).isNull();
    }

    @Test
    void theL1SizeIsBoundedByTheSpec() {
        TwoTierCache cache = TwoTierCache.builder(CacheSpec.of("small", L1_TTL, L2_TTL, 2))
                .ticker(ticker).wallClock(ticker::millis).executor(Runnable::run).meterRegistry(registry).build();
        for (int i = 0; i < 10; i++) {
            cache.get("k" + i, loader("v"));
        }

        assertThat(registry.get(CacheMetrics.SIZE).tag("cache", "small").gauge().value()).isLessThanOrEqualTo(2);
    }

    private TwoTierCache swrCache(FakeStore remote, CacheInvalidations bus, MeterRegistry meters) {
        CacheSpec spec = new CacheSpec("feed", L1_TTL, L2_TTL, 100, 0.1)
                .withStaleTtl(STALE_TTL)
                .withNegativeTtl(NEGATIVE_TTL);
        TwoTierCache.Builder builder = TwoTierCache.builder(spec)
                .ticker(ticker)
                .wallClock(ticker::millis)
                .executor(Runnable::run)
                .random(() -> 0.5)
                .meterRegistry(meters);
        if (remote != null) {
            builder.store(remote);
        }
        if (bus != null) {
            builder.invalidations(bus);
        }
        return builder.build();
    }

    private static final Duration STALE_TTL = Duration.ofSeconds(30);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(1);

    @Test
    void aStaleValueIsServedAtOnceWhileOneBackgroundLoadReplacesIt() {
        TwoTierCache cache = swrCache(null, null, registry);
        cache.get("k", loader("v1"));

        ticker.advance(L1_TTL.plusMillis(1));
        // The reload runs on the test's executor, i.e. inside this call, after the stale value was chosen.
        assertThat(cache.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v1");
        assertThat(cache.get("k", loader("v3"))).asString(UTF_8).isEqualTo("v2");

        assertThat(loads).hasValue(2);
        assertThat(registry.get(CacheMetrics.STALE).tag("cache", "feed").counter().count()).isEqualTo(1);
        assertThat(count(CacheMetrics.REFRESHES, "result", "success")).isEqualTo(1);
    }

    @Test
    void pastTheStaleWindowAReadWaitsForAFreshLoad() {
        TwoTierCache cache = swrCache(null, null, registry);
        cache.get("k", loader("v1"));

        ticker.advance(L1_TTL.plus(STALE_TTL));

        assertThat(cache.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v2");
        assertThat(registry.get(CacheMetrics.STALE).tag("cache", "feed").counter().count()).isZero();
    }

    @Test
    void aFailedBackgroundLoadKeepsServingTheStaleValue() {
        TwoTierCache cache = swrCache(null, null, registry);
        cache.get("k", loader("v1"));
        ticker.advance(L1_TTL.plusMillis(1));

        assertThat(cache.get("k", key -> {
            throw new IllegalStateException("database down");
        })).asString(UTF_8).isEqualTo("v1");
        assertThat(cache.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v1");

        assertThat(count(CacheMetrics.REFRESHES, "result", "failure")).isEqualTo(1);
    }

    @Test
    void aValueStaleInRedisIsServedToAnotherInstanceAndReloadedBehindIt() {
        TwoTierCache first = swrCache(store, null, new SimpleMeterRegistry());
        first.get("k", loader("v1"));
        ticker.advance(L2_TTL.plusSeconds(1));
        TwoTierCache second = swrCache(store, null, registry);

        assertThat(second.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v1");
        assertThat(second.get("k", loader("v3"))).asString(UTF_8).isEqualTo("v2");
        assertThat(StoredValue.decode(store.values.get(STORED_K)).payload()).asString(UTF_8).isEqualTo("v2");
        // Fresh 10 s, stale 30 s, jitter 0.1 x 10 s x 0.5.
        assertThat(store.ttls.get(STORED_K)).isEqualTo(Duration.ofMillis(40_500));
    }

    @Test
    void anAbsenceIsCachedForTheNegativeTtlInBothTiers() {
        TwoTierCache cache = swrCache(store, null, registry);
        Function<String, java.util.Optional<byte[]>> nothing = key -> {
            loads.incrementAndGet();
            return java.util.Optional.empty();
        };

        assertThat(cache.find("missing", nothing)).isEmpty();
        assertThat(cache.find("missing", nothing)).isEmpty();
        assertThat(swrCache(store, null, new SimpleMeterRegistry()).find("missing", nothing)).isEmpty();
        assertThat(loads).hasValue(1);

        ticker.advance(NEGATIVE_TTL);
        assertThat(cache.find("missing", key -> java.util.Optional.of("here now".getBytes(UTF_8))))
                .hasValueSatisfying(v -> assertThat(v).asString(UTF_8).isEqualTo("here now"));
    }

    @Test
    void withoutANegativeTtlAnAbsenceIsNotCached() {
        TwoTierCache cache = cache(store);
        Function<String, java.util.Optional<byte[]>> nothing = key -> {
            loads.incrementAndGet();
            return java.util.Optional.empty();
        };

        cache.find("missing", nothing);
        cache.find("missing", nothing);

        assertThat(loads).hasValue(2);
        assertThat(store.values).isEmpty();
    }

    @Test
    void anInvalidationReachesTheMemoryOfEveryInstanceOnTheBus() {
        CacheInvalidations bus = CacheInvalidations.inProcess();
        MeterRegistry otherRegistry = new SimpleMeterRegistry();
        TwoTierCache a = swrCache(store, bus, registry);
        TwoTierCache b = swrCache(store, bus, otherRegistry);
        a.get("k", loader("v1"));
        b.get("k", mustNotLoad());

        a.invalidate("k");

        assertThat(b.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v2");
        assertThat(a.get("k", mustNotLoad())).asString(UTF_8).isEqualTo("v2");
        assertThat(otherRegistry.get(CacheMetrics.INVALIDATIONS).tag("origin", "remote").counter().count())
                .isEqualTo(1);
    }

    @Test
    void invalidatingAScopeDropsAllItsEntriesEverywhereAndNoOtherScopes() {
        CacheInvalidations bus = CacheInvalidations.inProcess();
        TwoTierCache a = swrCache(store, bus, registry);
        TwoTierCache b = swrCache(store, bus, new SimpleMeterRegistry());
        a.get("alice", "page-1", loader("a1"));
        a.get("alice", "page-2", loader("a2"));
        a.get("bob", "page-1", loader("b1"));
        b.get("alice", "page-1", mustNotLoad());

        b.invalidateScope("alice");

        assertThat(a.get("alice", "page-1", loader("a1'"))).asString(UTF_8).isEqualTo("a1'");
        assertThat(a.get("alice", "page-2", loader("a2'"))).asString(UTF_8).isEqualTo("a2'");
        assertThat(b.get("alice", "page-1", mustNotLoad())).asString(UTF_8).isEqualTo("a1'");
        assertThat(a.get("bob", "page-1", mustNotLoad())).asString(UTF_8).isEqualTo("b1");
        assertThat(loads).hasValue(5);
    }

    @Test
    void aNewInstanceReadsAScopesGenerationFromRedisSoItNeverSeesInvalidatedEntries() {
        TwoTierCache a = swrCache(store, null, registry);
        a.get("alice", "page-1", loader("old"));
        a.invalidateScope("alice");

        TwoTierCache late = swrCache(store, null, new SimpleMeterRegistry());

        assertThat(late.get("alice", "page-1", loader("new"))).asString(UTF_8).isEqualTo("new");
    }

    @Test
    void invalidateAllDropsEveryUnscopedEntry() {
        TwoTierCache cache = swrCache(store, null, registry);
        cache.get("x", loader("1"));
        cache.get("y", loader("2"));

        cache.invalidateAll();

        assertThat(cache.get("x", loader("3"))).asString(UTF_8).isEqualTo("3");
        assertThat(cache.get("y", loader("4"))).asString(UTF_8).isEqualTo("4");
    }

    @Test
    void aScopeWithTheSeparatorIsRejected() {
        TwoTierCache cache = cache(store);

        assertThatThrownBy(() -> cache.get("a#b", "k", loader("v"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a#b'");
    }

    @Test
    void whileTheCircuitIsHalfOpenOnlyOneProbeReachesRedis() {
        TwoTierCache cache = cache(store);
        store.failing = true;
        cache.get("a", loader("va"));
        ticker.advance(Duration.ofSeconds(1));
        int before = store.calls.get();

        // The first read after the back-off is the probe; it fails, so the circuit opens again at once.
        cache.get("b", loader("vb"));
        cache.get("c", loader("vc"));

        assertThat(store.calls.get() - before).isEqualTo(1);
        assertThat(registry.get(CacheMetrics.BREAKER).tag("cache", "feed").gauge().value()).isEqualTo(1);
    }

    @Test
    void peekAnswersOnlyFreshValuesHeldInMemory() {
        TwoTierCache cache = swrCache(store, null, registry);
        assertThat(cache.peek("k")).isNull();
        cache.get("k", loader("v1"));

        assertThat(cache.peek("k")).asString(UTF_8).isEqualTo("v1");
        ticker.advance(L1_TTL);
        assertThat(cache.peek("k")).isNull();
        assertThat(loads).hasValue(1);
    }

    private Function<String, byte[]> mustNotLoad() {
        return key -> {
            throw new AssertionError("must not load " + key);
        };
    }

    /** Busy-waits (no sleeping) for a condition another thread makes true, failing after ten seconds. */
    static void spinUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
