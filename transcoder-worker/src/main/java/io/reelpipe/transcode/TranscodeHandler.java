package io.reelpipe.transcode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.media.MediaInfo;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.core.worker.JobContext;
import io.reelpipe.core.worker.JobHandler;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.transcode.hls.HlsPublisher;
import io.reelpipe.transcode.hls.ProgressivePublisher;
import io.reelpipe.transcode.ladder.EncodedLadder;
import io.reelpipe.transcode.ladder.LadderEncoder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The transcode stage: fetch and probe the source, encode the ladder in one ffmpeg run while publishing it
 * progressively (playable from the lowest rung within seconds), then publish the final playlists and report the
 * renditions.
 */
final class TranscodeHandler implements JobHandler {

    private final SourceInspector inspector;
    private final LadderEncoder encoder;
    private final HlsPublisher publisher;
    private final MeterRegistry meters;
    private final Timer queueWait;
    private final Timer timeToPlayable;

    TranscodeHandler(SourceInspector inspector, LadderEncoder encoder, HlsPublisher publisher, MeterRegistry meters) {
        this.inspector = inspector;
        this.encoder = encoder;
        this.publisher = publisher;
        this.meters = meters;
        this.queueWait = Timer.builder("reelpipe.transcode.queue.wait")
                .description("From the upload's commit to a worker taking its transcode job")
                .publishPercentileHistogram()
                .register(meters);
        this.timeToPlayable = Timer.builder("reelpipe.transcode.time.to.playable")
                .description("From the upload's commit to the lowest rung being online")
                .publishPercentileHistogram()
                .register(meters);
    }

    private Timer stage(String stage) {
        return Timer.builder("reelpipe.transcode.stage")
                .description("Time spent in each stage of a transcode job")
                .tag("stage", stage)
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public JobEvent handle(JobContext context) throws Exception {
        Instant committed = context.job().createdAt();
        queueWait.record(Duration.between(committed, context.clock().instant()));

        long start = System.nanoTime();
        SourceInspector.Source source = inspector.fetch(context);
        stage("probe").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);

        EncodedLadder ladder = encoder.prepare(source.file(), source.probed(), context.workDir(),
                context.workDir().resolve("hls"));
        String prefix = StorageKeys.hlsPrefix(context.job().videoId(), context.attempt());
        HlsPublisher.PublishedLadder published;
        try (ProgressivePublisher live = publisher.progressive(ladder, prefix, context)) {
            start = System.nanoTime();
            encoder.encode(source.file(), source.probed(), ladder, context.workDir(), live::onOutTime);
            stage("encode").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);

            start = System.nanoTime();
            live.finish();
            if (live.playableAt() != null) {
                timeToPlayable.record(Duration.between(committed, live.playableAt()));
            }
            published = publisher.publishFinal(ladder, prefix, live);
            stage("upload").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }

        MediaInfo.Stream video = source.probed().video();
        long durationMs = Math.round(source.probed().info().durationSec() * 1000);
        return context.events().ladderReady(published.masterKey(), durationMs, video.displayWidth(),
                video.displayHeight(), published.renditions());
    }
}
