package io.reelpipe.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The channel on which caches tell each other's instances to drop entries from memory: one Redis pub/sub channel per
 * environment, shared by all caches of a process (one subscription, whatever the number of caches). Every message is
 * also delivered in this process at once, without waiting for the echo from Redis, so an instance always sees its
 * own invalidations even while Redis is down.
 *
 * <p>Pub/sub delivers at most once: an instance that is disconnected when a message is sent misses it. Caches bound
 * the damage by the short lifetime of what they keep in memory (and re-read scope generations from Redis, see
 * {@link TwoTierCache}).
 *
 * <p>Create one per process with {@link #redis} (or {@link #inProcess()} for a single instance or a test), hand it to
 * each {@link TwoTierCache.Builder#invalidations}, and {@link #close()} it on shutdown.
 */
public final class CacheInvalidations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheInvalidations.class);
    private static final Duration SUBSCRIBE_RETRY = Duration.ofSeconds(2);

    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    /** Marks this process's messages, so their echo from Redis is not applied a second time. */
    private final String origin = UUID.randomUUID().toString();
    private final String channel;
    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer container;
    private final CircuitBreaker breaker;
    private final Counter publishFailures;
    private volatile boolean closed;

    private CacheInvalidations(String channel, RedisConnectionFactory factory, MeterRegistry registry) {
        this.channel = channel;
        this.publishFailures = Counter.builder("reelpipe.cache.invalidations.publish.failures")
                .description("Invalidation messages that could not be published to other instances")
                .register(registry);
        this.breaker = new CircuitBreaker(Ticker.systemTicker(), 1, Duration.ofSeconds(1));
        if (factory == null) {
            this.redis = null;
            this.container = null;
            return;
        }
        this.redis = new StringRedisTemplate(factory);
        this.container = new RedisMessageListenerContainer();
        container.setConnectionFactory(factory);
        // Retries the subscription on its own when Redis goes away, every two seconds.
        container.setRecoveryInterval(SUBSCRIBE_RETRY.toMillis());
        container.addMessageListener(
                (message, pattern) -> received(new String(message.getBody(), StandardCharsets.UTF_8)),
                new ChannelTopic(channel));
        container.afterPropertiesSet();
        subscribe();
    }

    /**
     * Starts the subscription. The container retries on its own once it runs; a Redis that is down when the process
     * starts makes the first start fail, so that one is retried here, in the background, until it works or the
     * process closes this.
     */
    private void subscribe() {
        try {
            container.start();
        } catch (RuntimeException e) {
            log.warn("Cache invalidations from other instances are not received until Redis answers ({}); retrying",
                    e.toString());
            Thread.ofVirtual().name("cache-invalidations-subscriber").start(() -> {
                while (!closed && !container.isRunning()) {
                    try {
                        Thread.sleep(SUBSCRIBE_RETRY);
                        container.start();
                        log.info("Cache invalidations from other instances are received again");
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException stillDown) {
                        log.debug("Redis still unreachable for cache invalidations: {}", stillDown.toString());
                    }
                }
            });
        }
    }

    /**
     * Invalidations across every instance subscribed to {@code channel} on this Redis.
     *
     * @param channel  the pub/sub channel, e.g. {@code <namespace>:cache:invalidations}; environments sharing a Redis
     *                 use different channels
     * @param registry where the publish failure counter goes
     */
    public static CacheInvalidations redis(RedisConnectionFactory factory, String channel, MeterRegistry registry) {
        Objects.requireNonNull(factory, "factory");
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("the invalidation channel must not be blank, got '" + channel + "'");
        }
        return new CacheInvalidations(channel, factory, Objects.requireNonNull(registry, "registry"));
    }

    /** Invalidations within this process only: for a single instance, or for tests standing in for several. */
    public static CacheInvalidations inProcess() {
        return new CacheInvalidations(null, null, new SimpleMeterRegistry());
    }

    /** Calls {@code listener} with every message for the cache named {@code cacheName}, from any instance. */
    void subscribe(String cacheName, Consumer<String> listener) {
        listeners.computeIfAbsent(cacheName, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Sends {@code body} to every listener of {@code cacheName}: here at once, elsewhere through Redis. */
    void publish(String cacheName, String body) {
        String message = cacheName + ' ' + body;
        deliver(message);
        if (redis == null || !breaker.tryAcquire()) {
            return;
        }
        try {
            redis.convertAndSend(channel, origin + ' ' + message);
            breaker.onSuccess();
        } catch (RuntimeException e) {
            publishFailures.increment();
            if (breaker.onFailure()) {
                log.warn("Cache invalidations could not be published to other instances ({}); they rely on their"
                        + " short in-memory lifetimes until Redis answers again", e.toString());
            }
        }
    }

    private void received(String message) {
        int space = message.indexOf(' ');
        if (space > 0 && !message.substring(0, space).equals(origin)) {
            deliver(message.substring(space + 1));
        }
    }

    private void deliver(String message) {
        int space = message.indexOf(' ');
        if (space <= 0) {
            return;
        }
        List<Consumer<String>> targets = listeners.get(message.substring(0, space));
        if (targets != null) {
            String body = message.substring(space + 1);
            targets.forEach(listener -> listener.accept(body));
        }
    }

    @Override
    public void close() {
        closed = true;
        if (container != null) {
            try {
                container.destroy();
            } catch (Exception e) {
                log.debug("Closing the invalidation subscription failed", e);
            }
        }
    }
}
