package io.reelpipe.thumbnail;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.thumbnail.poster.PosterEncoder;
import io.reelpipe.thumbnail.sampling.FrameDecoder;
import io.reelpipe.thumbnail.sampling.FrameSampler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the image package into the worker loop: its {@link ThumbnailHandler} is the pool's job handler. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThumbnailProperties.class)
class ThumbnailConfiguration {

    /** Long side of the frames the poster is scored on: enough for the Laplacian to see edges, cheap to score. */
    static final int ANALYSIS_SIDE = 256;

    @Bean
    FrameSampler frameSampler(FfmpegBinaries binaries, ThumbnailProperties properties) {
        ThumbnailProperties.Preview preview = properties.preview();
        return new FrameSampler(binaries, new FrameSampler.Settings(
                properties.poster().candidates(),
                properties.poster().widths().getLast(),
                ANALYSIS_SIDE,
                properties.storyboard().tileSide(),
                properties.storyboard().maxTiles(),
                preview.length(),
                preview.fps(),
                preview.side(),
                preview.quality(),
                properties.sampling().timeoutBase(),
                properties.sampling().minSpeed(),
                properties.sampling().niceness()));
    }

    @Bean
    PosterEncoder posterEncoder(ThumbnailProperties properties) {
        return new PosterEncoder(properties.poster().widths());
    }

    @Bean
    ThumbnailHandler thumbnailHandler(
            SourceInspector inspector,
            FrameSampler sampler,
            PosterEncoder encoder,
            ObjectStore store,
            ThumbnailProperties properties,
            MeterRegistry meters) {
        return new ThumbnailHandler(inspector, sampler, new FrameDecoder(FrameSampler.MAX_POSTER_SIDE), encoder, store,
                properties.preview().maxBytes().toBytes(), meters);
    }
}
