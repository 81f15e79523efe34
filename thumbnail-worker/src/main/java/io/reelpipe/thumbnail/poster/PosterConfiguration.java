package io.reelpipe.thumbnail.poster;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.worker.SourceInspector;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the poster pipeline into the worker loop: its {@link PosterHandler} is the pool's job handler. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PosterProperties.class)
class PosterConfiguration {

    @Bean
    FrameGrabber frameGrabber(FfmpegBinaries binaries, PosterProperties properties) {
        return new FrameGrabber(binaries, properties.grabTimeout());
    }

    @Bean
    FrameDecoder frameDecoder() {
        return new FrameDecoder(FrameGrabber.MAX_SIDE);
    }

    @Bean
    PosterEncoder posterEncoder(PosterProperties properties) {
        return new PosterEncoder(properties.widths());
    }

    @Bean
    PosterHandler posterHandler(
            SourceInspector inspector,
            FrameGrabber grabber,
            FrameDecoder decoder,
            PosterEncoder encoder,
            ObjectStore store,
            MeterRegistry meters) {
        return new PosterHandler(inspector, grabber, decoder, encoder, store, meters);
    }
}
