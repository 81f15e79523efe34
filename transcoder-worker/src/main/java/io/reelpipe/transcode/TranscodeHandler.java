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
import io.reelpipe.transcode.ladder.EncodedLadder;
import io.reelpipe.transcode.ladder.LadderEncoder;

/**
 * The transcode stage: fetch and probe the source, encode the ladder in one ffmpeg run, publish it under this
 * attempt's prefix, report the renditions.
 */
final class TranscodeHandler implements JobHandler {

    private final SourceInspector inspector;
    private final LadderEncoder encoder;
    private final HlsPublisher publisher;
    private final Timer probeTimer;
    private final Timer encodeTimer;
    private final Timer uploadTimer;

    TranscodeHandler(SourceInspector inspector, LadderEncoder encoder, HlsPublisher publisher, MeterRegistry meters) {
        this.inspector = inspector;
        this.encoder = encoder;
        this.publisher = publisher;
        this.probeTimer = stageTimer(meters, "probe");
        this.encodeTimer = stageTimer(meters, "encode");
        this.uploadTimer = stageTimer(meters, "upload");
    }

    private static Timer stageTimer(MeterRegistry meters, String stage) {
        return Timer.builder("reelpipe.transcode.stage")
                .description("Time spent in each stage of a transcode job")
                .tag("stage", stage)
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public JobEvent handle(JobContext context) throws Exception {
        long start = System.nanoTime();
        SourceInspector.Source source = inspector.fetch(context);
        probeTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);

        start = System.nanoTime();
        EncodedLadder ladder = encoder.encode(source.file(), source.probed(), context.workDir(),
                context.workDir().resolve("hls"));
        encodeTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);

        start = System.nanoTime();
        String prefix = StorageKeys.hlsPrefix(context.job().videoId(), context.attempt());
        HlsPublisher.PublishedLadder published = publisher.publish(ladder, prefix);
        uploadTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);

        MediaInfo.Stream video = source.probed().video();
        long durationMs = Math.round(source.probed().info().durationSec() * 1000);
        return context.events().ladderReady(published.masterKey(), durationMs, video.displayWidth(),
                video.displayHeight(), published.renditions());
    }
}
