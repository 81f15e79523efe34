package io.reelpipe.feed.views;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.feed.web.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides what each view event of a request is and makes the counted ones durable before the request answers:
 *
 * <ol>
 *   <li>rejected per event: an unknown video, or one the viewer may not see (private: the same answer), or one that
 *       is not READY;</li>
 *   <li>too short: watched less than {@code min-watch}, or half of a shorter video;</li>
 *   <li>a duplicate: the same video earlier in the request, or counted within the dedup window (stamped with the
 *       window {@link ViewDedup} remembers, it meets the raw table's key);</li>
 *   <li>counted: stored by the {@link ViewWriter}, committed before the answer.</li>
 * </ol>
 *
 * Each event's outcome is one of {@link Outcome}; the request is answered only when all are known.
 */
@Component
final class ViewIngestion {

    /** What became of one event; {@link #code()} is what the API reports. */
    enum Outcome {
        COUNTED("counted"), DUPLICATE("duplicate"), TOO_SHORT("too_short"), VIDEO_NOT_FOUND("video_not_found"),
        VIDEO_NOT_READY("video_not_ready");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ViewIngestion.class);

    private final VideoFacts videos;
    private final ViewDedup dedup;
    private final ViewWriter writer;
    private final ViewsProperties properties;
    private final Clock clock;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Counter accepted;

    ViewIngestion(VideoFacts videos, ViewDedup dedup, ViewWriter writer, ViewsProperties properties, Clock clock,
            MeterRegistry registry) {
        this.videos = videos;
        this.dedup = dedup;
        this.writer = writer;
        this.properties = properties;
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("reelpipe.views.events")
                    .description("View events answered, by outcome (rejected ones by reason)")
                    .tag("outcome", outcome.code()).register(registry));
        }
        this.accepted = Counter.builder("reelpipe.views.events.accepted")
                .description("View events of acknowledged (202) requests, whatever their outcome")
                .register(registry);
    }

    /**
     * Ingests {@code batch} for {@code viewerId} (a signed-in user) or, when that is {@code null}, for the batch's
     * session.
     *
     * @return each event's outcome, in order, once the counted ones are committed
     * @throws ApiException 503 with Retry-After when they could not be stored (nothing of them is acknowledged; a
     *                      retry is safe)
     */
    List<Outcome> ingest(String viewerId, ViewBatch batch) {
        String viewer = viewerId != null ? "u:" + viewerId : "s:" + batch.sessionId();
        List<ViewBatch.Event> events = batch.events();
        int n = events.size();
        Outcome[] result = new Outcome[n];
        Map<UUID, Optional<VideoFacts.Fact>> facts = videos.facts(events.stream().map(ViewBatch.Event::videoId)
                .distinct().toList());

        List<Integer> candidates = new ArrayList<>(n);
        Set<UUID> inRequest = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ViewBatch.Event event = events.get(i);
            VideoFacts.Fact fact = facts.get(event.videoId()).orElse(null);
            if (fact == null || !fact.visibleTo(viewerId)) {
                result[i] = Outcome.VIDEO_NOT_FOUND;
            } else if (!fact.ready()) {
                result[i] = Outcome.VIDEO_NOT_READY;
            } else if (event.watchMs() < fact.minimumWatchMs(properties.minWatch())) {
                result[i] = Outcome.TOO_SHORT;
            } else if (!inRequest.add(event.videoId())) {
                result[i] = Outcome.DUPLICATE;
            } else {
                candidates.add(i);
            }
        }

        if (!candidates.isEmpty()) {
            store(viewer, events, candidates, result);
        }
        List<Outcome> answer = List.of(result);
        for (Outcome outcome : answer) {
            outcomes.get(outcome).increment();
        }
        accepted.increment(n);
        return answer;
    }

    private void store(String viewer, List<ViewBatch.Event> events, List<Integer> candidates, Outcome[] result) {
        long windowSeconds = properties.windowSeconds();
        long now = clock.instant().getEpochSecond();
        long window = now - Math.floorMod(now, windowSeconds);
        List<UUID> candidateVideos = candidates.stream().map(i -> events.get(i).videoId()).toList();
        List<ViewDedup.Claim> claims = dedup.claim(viewer, candidateVideos, window);

        List<ViewStore.RawView> views = new ArrayList<>(candidates.size());
        for (int c = 0; c < candidates.size(); c++) {
            ViewBatch.Event event = events.get(candidates.get(c));
            views.add(new ViewStore.RawView(new ViewStore.Key(claims.get(c).window(), event.videoId(), viewer),
                    event.watchMs()));
        }
        boolean[] counted = await(writer.write(views));
        for (int c = 0; c < candidates.size(); c++) {
            result[candidates.get(c)] = counted[c] ? Outcome.COUNTED : Outcome.DUPLICATE;
        }
    }

    private boolean[] await(CompletableFuture<boolean[]> written) {
        try {
            return written.get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ViewWriter.Overloaded overloaded) {
                throw ApiException.serviceUnavailable(overloaded.getMessage(), 1);
            }
            log.warn("Views could not be stored; the client is told to retry: {}", e.getCause().toString());
            throw ApiException.serviceUnavailable("the views could not be stored; retry shortly", 1);
        } catch (TimeoutException e) {
            log.warn("Views were not stored within {}; the client is told to retry", properties.ackTimeout());
            throw ApiException.serviceUnavailable("the views could not be stored in time; retry shortly", 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.serviceUnavailable("interrupted while storing the views; retry shortly", 1);
        }
    }
}
