package io.reelpipe.cache;

import static io.reelpipe.cache.TwoTierCacheTests.await;
import static io.reelpipe.cache.TwoTierCacheTests.spinUntil;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.TcpGate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The cache on the real Redis of {@link LocalServices}, under a key prefix of its own per run. */
class TwoTierCacheIT {

    private static final CacheSpec SPEC = CacheSpec.of("it", Duration.ofSeconds(30), Duration.ofSeconds(60), 1000);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);

    private final String prefix = LocalServices.uniqueName("reelpipe-it") + ":";
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private final List<CacheInvalidations> buses = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeAll
    static void servicesAreUp() {
        LocalServices.requireUp();
    }

    @AfterEach
    void closeConnections() {
        buses.forEach(CacheInvalidations::close);
        factories.forEach(LettuceConnectionFactory::destroy);
    }

    private LettuceConnectionFactory redis(int port) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .commandTimeout(REDIS_TIMEOUT)
                .shutdownTimeout(Duration.ZERO)
                .build();
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(LocalServices.HOST, port), client);
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return factory;
    }

    private TwoTierCache cache(int redisPort, MeterRegistry registry, Duration backoff) {
        return TwoTierCache.builder(SPEC)
                .redis(redis(redisPort))
                .keyPrefix(prefix)
                .redisBackoff(backoff)
                .meterRegistry(registry)
                .build();
    }

    private TwoTierCache cache(MeterRegistry registry) {
        return cache(LocalServices.REDIS_PORT, registry, Duration.ofSeconds(1));
    }

    /** A cache as another instance has it: its own Redis connections and its own subscription to invalidations. */
    private TwoTierCache instance(MeterRegistry registry) {
        LettuceConnectionFactory factory = redis(LocalServices.REDIS_PORT);
        CacheInvalidations bus = CacheInvalidations.redis(factory, prefix + "invalidations", registry);
        buses.add(bus);
        return TwoTierCache.builder(SPEC)
                .redis(factory)
                .keyPrefix(prefix)
                .invalidations(bus)
                .meterRegistry(registry)
                .build();
    }

    private Function<String, byte[]> loader(String value) {
        return key -> {
            loads.incrementAndGet();
            return value.getBytes(UTF_8);
        };
    }

    private static Function<String, byte[]> mustNotLoad() {
        return key -> {
            throw new AssertionError("the loader must not be called for " + key);
        };
    }

    private static double count(MeterRegistry registry, String name, String tier) {
        return registry.get(name).tag("cache", SPEC.name()).tag("tier", tier).counter().count();
    }

    @Test
    void manyConcurrentGetsOfOneMissingKeyCallTheLoaderOnce() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        TwoTierCache cache = cache(registry);
        // Connect first: on a busy machine the first command's connection set-up can outlast the command timeout.
        assertThat(cache.get("warm-up", key -> new byte[] {1})).hasSize(1);
        int callers = 32;
        CyclicBarrier start = new CyclicBarrier(callers);
        CountDownLatch release = new CountDownLatch(1);
        Function<String, byte[]> slowLoader = key -> {
            loads.incrementAndGet();
            await(release);
            return "loaded once".getBytes(UTF_8);
        };
        List<Future<byte[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return cache.get("cold", slowLoader);
                }));
            }
            // The load finishes only after every other caller has joined it (each counts as an L1 hit).
            spinUntil(() -> count(registry, CacheMetrics.HITS, "l1") == callers - 1);
            release.countDown();
            for (Future<byte[]> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).asString(UTF_8).isEqualTo("loaded once");
            }
        }

        assertThat(loads).hasValue(1);
        assertThat(count(registry, CacheMetrics.MISSES, "l2")).isEqualTo(2);
    }

    @Test
    void aValueLoadedByOneInstanceIsAnL2HitForAnotherAndAfterAnL1Invalidation() {
        MeterRegistry registryA = new SimpleMeterRegistry();
        MeterRegistry registryB = new SimpleMeterRegistry();
        TwoTierCache a = cache(registryA);
        TwoTierCache b = cache(registryB);

        assertThat(a.get("shared", loader("from a"))).asString(UTF_8).isEqualTo("from a");
        assertThat(b.get("shared", mustNotLoad())).asString(UTF_8).isEqualTo("from a");
        a.invalidateLocal("shared");
        assertThat(a.get("shared", mustNotLoad())).asString(UTF_8).isEqualTo("from a");

        assertThat(loads).hasValue(1);
        assertThat(count(registryB, CacheMetrics.HITS, "l2")).isEqualTo(1);
        assertThat(count(registryA, CacheMetrics.HITS, "l2")).isEqualTo(1);
    }

    @Test
    void invalidateRemovesTheKeyFromRedisSoANewInstanceLoadsAgain() {
        TwoTierCache a = cache(new SimpleMeterRegistry());
        a.get("gone", loader("old"));

        a.invalidate("gone");
        TwoTierCache fresh = cache(new SimpleMeterRegistry());

        assertThat(fresh.get("gone", loader("new"))).asString(UTF_8).isEqualTo("new");
        assertThat(a.get("gone", mustNotLoad())).asString(UTF_8).isEqualTo("new");
        assertThat(loads).hasValue(2);
    }

    @Test
    void withRedisUnreachableValuesAreStillLoadedAndServed() throws IOException {
        MeterRegistry registry = new SimpleMeterRegistry();
        TwoTierCache cache = cache(closedPort(), registry, Duration.ofSeconds(1));

        assertThat(cache.get("k", loader("v"))).asString(UTF_8).isEqualTo("v");
        assertThat(cache.get("k", mustNotLoad())).asString(UTF_8).isEqualTo("v");
        cache.invalidate("k");
        assertThat(cache.get("k", loader("v2"))).asString(UTF_8).isEqualTo("v2");

        assertThat(cache.isRemoteDown()).isTrue();
        assertThat(count(registry, CacheMetrics.ERRORS, "l2")).isPositive();
        assertThat(loads).hasValue(2);
    }

    @Test
    void whenRedisGoesAwayTheCacheCarriesOnAndUsesItAgainOnceItIsBack() throws IOException {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (TcpGate gate = new TcpGate(LocalServices.REDIS_PORT)) {
            gate.open();
            TwoTierCache cache = cache(gate.port(), registry, Duration.ZERO);
            cache.get("before", loader("stored"));

            gate.shut();
            cache.invalidateLocal("before");
            assertThat(cache.get("before", loader("loaded during the outage"))).asString(UTF_8)
                    .isEqualTo("loaded during the outage");
            assertThat(cache.isRemoteDown()).isTrue();

            gate.open();
            // Lettuce reconnects on its own schedule; each try costs at most one command timeout.
            spinUntil(() -> {
                cache.invalidateLocal("after");
                cache.get("after", loader("x"));
                return !cache.isRemoteDown();
            });
            cache.invalidateLocal("before");
            assertThat(cache.get("before", mustNotLoad())).asString(UTF_8).isEqualTo("stored");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anInvalidationOnOneInstanceDropsTheValueFromTheMemoryOfAnotherThroughRedisPubSub() {
        MeterRegistry registryB = new SimpleMeterRegistry();
        TwoTierCache a = instance(new SimpleMeterRegistry());
        TwoTierCache b = instance(registryB);
        a.get("shared", loader("v1"));
        assertThat(b.get("shared", mustNotLoad())).asString(UTF_8).isEqualTo("v1");
        // Subscriptions start asynchronously: wait until b hears a's messages at all.
        spinUntil(() -> {
            a.invalidate("probe");
            return registryB.get(CacheMetrics.INVALIDATIONS).tag("origin", "remote").counter().count() > 0;
        });

        a.invalidate("shared");
        spinUntil(() -> "v2".equals(new String(b.get("shared", loader("v2")), UTF_8)));

        assertThat(a.get("shared", mustNotLoad())).asString(UTF_8).isEqualTo("v2");
    }

    @Test
    void invalidatingAScopeOnOneInstanceReachesAnotherAndNewcomersThroughRedis() {
        MeterRegistry registryB = new SimpleMeterRegistry();
        TwoTierCache a = instance(new SimpleMeterRegistry());
        TwoTierCache b = instance(registryB);
        b.get("viewer-1", "page", loader("before"));
        spinUntil(() -> {
            a.invalidate("probe");
            return registryB.get(CacheMetrics.INVALIDATIONS).tag("origin", "remote").counter().count() > 0;
        });

        a.invalidateScope("viewer-1");
        spinUntil(() -> "after".equals(new String(b.get("viewer-1", "page", loader("after")), UTF_8)));

        assertThat(instance(new SimpleMeterRegistry()).get("viewer-1", "page", mustNotLoad())).asString(UTF_8)
                .isEqualTo("after");
    }
}
