package io.reelpipe.core.worker;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.core.contract.Placeholder;
import io.reelpipe.core.contract.Rendition;
import io.reelpipe.core.contract.Storyboard;
import io.reelpipe.core.contract.Thumbnail;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One execution of a job.
 *
 * @param job      the job message
 * @param workDir  a private directory, deleted when the execution ends
 * @param attempt  this execution's output version (see {@link io.reelpipe.core.storage.StorageKeys})
 * @param delivery which delivery of the message this is, from 1
 * @param clock    the clock events are stamped with
 * @param sink     publishes intermediate events (progress, playable) with confirms; throws when the broker does not
 *                 confirm
 */
public record JobContext(MediaJob job, Path workDir, String attempt, int delivery, Clock clock, Consumer<JobEvent> sink) {

    /** Publishes an intermediate event now (the result event is the handler's return value). */
    public void emit(JobEvent event) {
        sink.accept(event);
    }

    /** Builds this job's events with fresh ids. */
    public Events events() {
        return new Events();
    }

    /** Event factory for the current job. */
    public final class Events {

        private Events() {}

        public JobEvent.LadderReady ladderReady(
                String masterKey, long durationMs, int width, int height, List<Rendition> renditions) {
            return new JobEvent.LadderReady(UUID.randomUUID(), job.jobId(), job.videoId(), job.kind(), clock.instant(),
                    masterKey, durationMs, width, height, renditions);
        }

        public JobEvent.ThumbnailsReady thumbnailsReady(
                List<Thumbnail> thumbnails, Placeholder placeholder, Storyboard storyboard, String previewKey) {
            return new JobEvent.ThumbnailsReady(UUID.randomUUID(), job.jobId(), job.videoId(), job.kind(),
                    clock.instant(), thumbnails, placeholder, storyboard, previewKey);
        }

        public JobEvent.Progress progress(java.util.Map<String, Integer> percent) {
            return new JobEvent.Progress(UUID.randomUUID(), job.jobId(), job.videoId(), job.kind(), clock.instant(),
                    percent);
        }

        public JobEvent.Playable playable(String liveMasterKey) {
            return new JobEvent.Playable(UUID.randomUUID(), job.jobId(), job.videoId(), job.kind(), clock.instant(),
                    liveMasterKey);
        }

        JobEvent.Started started() {
            return new JobEvent.Started(UUID.randomUUID(), job.jobId(), job.videoId(), job.kind(), clock.instant(),
                    delivery);
        }

        JobEvent.Failed failed(String reason) {
            return new JobEvent.Failed(UUID.randomUUID(), job.jobId(), job.videoId(), job.kind(), clock.instant(),
                    reason);
        }
    }
}
