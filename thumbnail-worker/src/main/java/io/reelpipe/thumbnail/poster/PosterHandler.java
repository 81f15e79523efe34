package io.reelpipe.thumbnail.poster;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.Thumbnail;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.core.worker.JobContext;
import io.reelpipe.core.worker.JobHandler;
import io.reelpipe.core.worker.SourceInspector;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thumbnail job: fetch and probe the source, grab the poster frame, encode the posters and store them under this
 * attempt's image prefix, then report them. Objects go up before the event, so a reported poster always exists; a
 * failed attempt leaves only unreferenced objects under its own versioned prefix.
 */
final class PosterHandler implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(PosterHandler.class);

    private final SourceInspector inspector;
    private final FrameGrabber grabber;
    private final FrameDecoder decoder;
    private final PosterEncoder encoder;
    private final ObjectStore store;
    private final MeterRegistry meters;

    PosterHandler(
            SourceInspector inspector,
            FrameGrabber grabber,
            FrameDecoder decoder,
            PosterEncoder encoder,
            ObjectStore store,
            MeterRegistry meters) {
        this.inspector = inspector;
        this.grabber = grabber;
        this.decoder = decoder;
        this.encoder = encoder;
        this.store = store;
        this.meters = meters;
    }

    @Override
    public JobEvent handle(JobContext context) throws Exception {
        SourceInspector.Source source = timed("fetch", () -> inspector.fetch(context));
        Path framePng = timed("grab", () -> grabber.grab(source, context.workDir()));
        BufferedImage frame = timed("decode", () -> decoder.decode(framePng));
        List<EncodedImage> images = timed("encode", () -> encoder.encode(frame));
        String prefix = StorageKeys.imagePrefix(context.job().videoId(), context.attempt());
        List<Thumbnail> thumbnails = timed("upload", () -> upload(prefix, images));
        log.info("video {}: {} posters from a {}x{} frame under {}", context.job().videoId(), thumbnails.size(),
                frame.getWidth(), frame.getHeight(), prefix);
        return context.events().thumbnailsReady(thumbnails, null, null, null);
    }

    private List<Thumbnail> upload(String prefix, List<EncodedImage> images) {
        List<Thumbnail> thumbnails = new ArrayList<>(images.size());
        for (EncodedImage image : images) {
            ImageFormat format = image.format();
            String key = prefix + "poster-" + image.size().width() + "." + format.extension();
            store.putBytes(key, image.bytes(), format.contentType(), CacheControl.IMMUTABLE,
                    ObjectStore.Access.PUBLIC_READ);
            thumbnails.add(new Thumbnail(format.formatName(), image.size().width(), image.size().height(), key,
                    format.contentType()));
        }
        return List.copyOf(thumbnails);
    }

    /** Runs one stage and records its duration, so an operator sees where a thumbnail job spends its time. */
    private <T> T timed(String stage, Stage<T> work) throws Exception {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            T result = work.run();
            outcome = "ok";
            return result;
        } finally {
            sample.stop(Timer.builder("reelpipe.thumbnail.stage")
                    .description("Time a thumbnail job spends in each stage")
                    .tag("stage", stage)
                    .tag("outcome", outcome)
                    .register(meters));
        }
    }

    /** A stage of the job. */
    @FunctionalInterface
    private interface Stage<T> {
        T run() throws Exception;
    }
}
