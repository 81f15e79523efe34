package io.reelpipe.feed.notifications;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live notification streams this instance holds, by user. Events reach it from {@link NotificationListener} (one
 * database connection for the whole instance, whatever the number of streams), never by polling per viewer. On
 * shutdown it ends every stream first (clients reconnect elsewhere with {@code Last-Event-ID}), so the web server's
 * graceful shutdown does not wait for streams that never end by themselves.
 */
@Component
final class StreamHub implements SmartLifecycle {

    private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final NotificationProperties properties;
    private volatile boolean running;

    StreamHub(NotificationProperties properties, MeterRegistry registry) {
        this.properties = properties;
        Gauge.builder("reelpipe.feed.notifications.streams", open, AtomicInteger::get)
                .description("Live notification streams open on this instance")
                .register(registry);
    }

    /**
     * A new stream for {@code user}, or {@code null} when they already hold the most streams allowed.
     */
    SseEmitter open(String user) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Set<SseEmitter> mine = streams.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet());
        synchronized (mine) {
            if (mine.size() >= properties.maxStreamsPerUser()) {
                return null;
            }
            mine.add(emitter);
        }
        open.incrementAndGet();
        Runnable close = () -> {
            if (mine.remove(emitter)) {
                open.decrementAndGet();
            }
            streams.computeIfPresent(user, (k, set) -> set.isEmpty() ? null : set);
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        return emitter;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream; runs before the web server's graceful shutdown (a later lifecycle phase stops first). */
    @Override
    public void stop() {
        running = false;
        streams.values().forEach(set -> set.forEach(SseEmitter::complete));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Sends a notification (its JSON) to every stream of {@code user} on this instance. */
    void deliver(String user, long id, String json) {
        Set<SseEmitter> targets = streams.get(user);
        if (targets == null) {
            return;
        }
        for (SseEmitter emitter : targets) {
            send(emitter, SseEmitter.event().id(Long.toString(id)).name("notification")
                    .data(json, MediaType.APPLICATION_JSON));
        }
    }

    /** A comment line on every stream, so idle connections survive proxies and dead ones are noticed. */
    @Scheduled(fixedDelayString = "${reelpipe.feed.notifications.heartbeat:PT25S}")
    void heartbeat() {
        streams.values().forEach(set -> set.forEach(emitter -> send(emitter, SseEmitter.event().comment("keep-alive"))));
    }

    static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            // The client went away: completing the emitter runs its clean-up.
            emitter.completeWithError(e);
        }
    }
}
