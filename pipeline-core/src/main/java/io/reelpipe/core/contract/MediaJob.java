package io.reelpipe.core.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A job message: process the source object of one video. The same message goes to every stage; {@code kind} says
 * which. Jobs carry storage keys, never user strings that could end up in a command line.
 *
 * @param jobId     identifies the job across redeliveries (also the AMQP message id)
 * @param videoId   the video being processed
 * @param kind      the stage
 * @param ownerId   the creator, for per-creator fairness
 * @param sourceKey the object key of the uploaded source in the media bucket
 * @param createdAt when the upload committed, for queue-wait metrics
 * @param posterAtMs the creator's choice of poster frame, in milliseconds from the start, or {@code null} to let the
 *                   thumbnail worker pick the best frame; only the thumbnail stage reads it. The upload API does not
 *                   set it yet (it will pass the creator's choice from the upload form)
 */
public record MediaJob(
        UUID jobId, UUID videoId, JobKind kind, String ownerId, String sourceKey, Instant createdAt, Long posterAtMs) {

    public MediaJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(videoId, "videoId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(sourceKey, "sourceKey");
        Objects.requireNonNull(createdAt, "createdAt");
        if (posterAtMs != null && posterAtMs < 0) {
            throw new IllegalArgumentException("posterAtMs must not be negative, got " + posterAtMs);
        }
    }

    /** A job without a poster choice: the thumbnail worker picks the poster. */
    public MediaJob(UUID jobId, UUID videoId, JobKind kind, String ownerId, String sourceKey, Instant createdAt) {
        this(jobId, videoId, kind, ownerId, sourceKey, createdAt, null);
    }
}
