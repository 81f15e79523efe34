package io.reelpipe.transcode;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.worker.JobHandler;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.core.worker.WorkerConfiguration;
import io.reelpipe.core.worker.WorkerKind;
import io.reelpipe.core.worker.WorkerProperties;
import io.reelpipe.transcode.hls.HlsPublisher;
import io.reelpipe.transcode.ladder.EncoderSettings;
import io.reelpipe.transcode.ladder.LadderEncoder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Wires the transcode stage into the shared worker loop. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EncoderSettings.class)
@Import(WorkerConfiguration.class)
class TranscoderConfiguration {

    @Bean
    WorkerKind workerKind() {
        return new WorkerKind(JobKind.TRANSCODE);
    }

    @Bean
    JobHandler transcodeHandler(
            SourceInspector inspector,
            FfmpegBinaries binaries,
            EncoderSettings settings,
            WorkerProperties worker,
            ObjectStore store,
            MeterRegistry meters) {
        return new TranscodeHandler(inspector, new LadderEncoder(binaries, settings, worker.processTimeout()),
                new HlsPublisher(store), meters);
    }
}
