package io.reelpipe.upload.events;

import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.catalog.VideoRepresentation;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.web.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/videos/{id}/events}: a server-sent-events stream of the video's status for its owner (anybody else
 * gets 404). The first event is the current status; then one {@code status} event per change, as the status
 * consumer of any instance commits it (heard through {@link StatusNotifications}), until the video is READY or FAILED.
 * A comment every 15 s keeps proxies from closing an idle stream and finds clients that went away.
 */
@RestController
class VideoStreams implements DisposableBean {

    private static final Set<String> TERMINAL = Set.of("READY", "FAILED");
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final VideoCatalog catalog;
    private final Map<UUID, Set<SseEmitter>> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sse-heartbeat").daemon(true).factory());

    VideoStreams(VideoCatalog catalog) {
        this.catalog = catalog;
        heartbeat.scheduleWithFixedDelay(this::beat, 15, 15, TimeUnit.SECONDS);
    }

    @GetMapping(path = "/v1/videos/{id}/events", produces = "text/event-stream")
    SseEmitter events(@PathVariable("id") UUID id, @AuthenticationPrincipal Jwt jwt) {
        CurrentUser user = CurrentUser.of(jwt);
        VideoRepresentation video = catalog.find(id)
                .filter(v -> v.ownerId().equals(user.id()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "no video " + id));
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Set<SseEmitter> forVideo = streams.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
        forVideo.add(emitter);
        Runnable remove = () -> remove(id, emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        // Re-read after registering, so a change committed in between is not missed.
        send(id, emitter, catalog.find(id).orElse(video));
        return emitter;
    }

    /** Video ids with a stream open on this instance. */
    Set<UUID> watched() {
        return streams.keySet();
    }

    /** The video changed: every stream of it gets its current status. */
    void changed(UUID id) {
        Set<SseEmitter> forVideo = streams.get(id);
        if (forVideo == null || forVideo.isEmpty()) {
            return;
        }
        Optional<VideoRepresentation> video = catalog.find(id);
        for (SseEmitter emitter : forVideo) {
            video.ifPresentOrElse(v -> send(id, emitter, v), emitter::complete);
        }
    }

    private void send(UUID id, SseEmitter emitter, VideoRepresentation video) {
        try {
            emitter.send(SseEmitter.event().name("status").id(Long.toString(System.currentTimeMillis())).data(video));
            if (TERMINAL.contains(video.status())) {
                emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            remove(id, emitter);
        }
    }

    private void beat() {
        streams.forEach((id, emitters) -> {
            for (SseEmitter emitter : emitters) {
                try {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } catch (IOException | IllegalStateException e) {
                    remove(id, emitter);
                }
            }
        });
    }

    private void remove(UUID id, SseEmitter emitter) {
        streams.computeIfPresent(id, (k, set) -> {
            set.remove(emitter);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        streams.values().forEach(set -> set.forEach(SseEmitter::complete));
    }
}
