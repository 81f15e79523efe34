package io.reelpipe.core.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An event a worker publishes about a job. The status consumer applies each once (by {@link #eventId()}) and in any
 * order: a late {@link Started} never moves a finished video back.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = JobEvent.Progress.class, name = "progress"),
    @JsonSubTypes.Type(value = JobEvent.Playable.class, name = "playable"),
    @JsonSubTypes.Type(value = JobEvent.LadderReady.class, name = "ladder-ready"),
    @JsonSubTypes.Type(value = JobEvent.ThumbnailsReady.class, name = "thumbnails-ready"),
    @JsonSubTypes.Type(value = JobEvent.Failed.class, name = "failed")
})
public sealed interface JobEvent {

    UUID eventId();

    UUID jobId();

    UUID videoId();

    JobKind kind();

    Instant at();

    /** The routing key the event is published with on the events exchange. */
    default String routingKey() {
        return kind().name().toLowerCase(java.util.Locale.ROOT) + "." + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** A worker took the job (the first time or again after a redelivery). */
    record Started(UUID eventId, UUID jobId, UUID videoId, JobKind kind, Instant at, int attempt) implements JobEvent {}

    /**
     * How far a running job is, per rung (a transcode) or as a whole (key {@code all}). Progress events are advisory:
     * they may be lost or arrive late without harm.
     *
     * @param percent percent done by rung name
     */
    record Progress(UUID eventId, UUID jobId, UUID videoId, JobKind kind, Instant at, java.util.Map<String, Integer> percent)
            implements JobEvent {

        public Progress {
            percent = java.util.Map.copyOf(percent);
        }
    }

    /**
     * The lowest rung's first segments are published: players can start while the other rungs still encode.
     *
     * @param liveMasterKey object key of a master playlist listing the lowest rung as an event playlist
     */
    record Playable(UUID eventId, UUID jobId, UUID videoId, JobKind kind, Instant at, String liveMasterKey)
            implements JobEvent {}

    /**
     * The HLS ladder is complete and its master playlist is in place.
     *
     * @param masterKey  object key of the master playlist
     * @param durationMs the duration of the output
     * @param width      display width of the source
     * @param height     display height of the source
     */
    record LadderReady(
            UUID eventId,
            UUID jobId,
            UUID videoId,
            JobKind kind,
            Instant at,
            String masterKey,
            long durationMs,
            int width,
            int height,
            List<Rendition> renditions)
            implements JobEvent {

        public LadderReady {
            renditions = List.copyOf(renditions);
        }
    }

    /**
     * The image package is stored: every object below exists before the event is published. The last three are
     * {@code null} in an event from a worker that predates them (or, for the preview, when it came out over its byte
     * budget); consumers store what is there.
     *
     * @param thumbnails  posters in each format and width
     * @param placeholder blurhash and dominant colour of the poster
     * @param storyboard  scrub-preview sprites and their WebVTT index
     * @param previewKey  object key of the animated WebP of the opening seconds
     */
    record ThumbnailsReady(
            UUID eventId,
            UUID jobId,
            UUID videoId,
            JobKind kind,
            Instant at,
            List<Thumbnail> thumbnails,
            Placeholder placeholder,
            Storyboard storyboard,
            String previewKey)
            implements JobEvent {

        public ThumbnailsReady {
            thumbnails = List.copyOf(thumbnails);
        }
    }

    /**
     * The job failed for good: the input cannot be processed, or retries ran out.
     *
     * @param reason a sentence for the creator and the operator
     */
    record Failed(UUID eventId, UUID jobId, UUID videoId, JobKind kind, Instant at, String reason) implements JobEvent {}
}
