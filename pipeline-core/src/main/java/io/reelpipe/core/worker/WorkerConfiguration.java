package io.reelpipe.core.worker;

import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaLimitsProperties;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.messaging.ConfirmedPublisher;
import io.reelpipe.core.messaging.MessagingConfiguration;
import io.reelpipe.core.messaging.Topology;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageConfiguration;
import java.time.Clock;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What every worker pool shares: messaging, storage, the bundled ffmpeg, the source probe, and the listener
 * container that feeds the pool's {@link JobHandler} bean from its queue. A worker application imports this and
 * defines one {@code JobHandler} and one {@link WorkerKind} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WorkerProperties.class, MediaLimitsProperties.class})
@Import({MessagingConfiguration.class, StorageConfiguration.class})
public class WorkerConfiguration {

    @Bean
    FfmpegBinaries ffmpegBinaries() {
        return FfmpegBinaries.bundled();
    }

    @Bean
    MediaProbe mediaProbe(FfmpegBinaries binaries, WorkerProperties properties, MediaLimitsProperties limits) {
        return new MediaProbe(binaries, limits.limits(), properties.probeTimeout());
    }

    @Bean
    SourceInspector sourceInspector(ObjectStore store, MediaProbe probe, WorkerProperties properties) {
        return new SourceInspector(store, probe, properties.maxSourceBytes());
    }

    @Bean
    SimpleMessageListenerContainer jobListenerContainer(
            ConnectionFactory connectionFactory,
            Topology topology,
            WorkerKind kind,
            JobHandler handler,
            ConfirmedPublisher publisher,
            MessageCodec codec,
            WorkerProperties properties) {
        // Before taking jobs: clear what a killed predecessor on this machine left behind.
        WorkDirJanitor.reap(properties.workDir());
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(topology.jobQueue(kind.kind()));
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        // One unacknowledged job per consumer: a busy worker never hoards jobs another could start.
        container.setPrefetchCount(1);
        container.setConcurrentConsumers(properties.concurrency());
        container.setDefaultRequeueRejected(true);
        container.setMissingQueuesFatal(false);
        // Graceful shutdown: running jobs may finish; what does not finish in time is handed back unacknowledged.
        container.setShutdownTimeout(properties.shutdownTimeout().toMillis());
        container.setMessageListener(new JobListener(kind.kind(), handler, publisher, topology, codec,
                properties.workDir(), Clock.systemUTC(), properties.maxBackoff()));
        return container;
    }
}
