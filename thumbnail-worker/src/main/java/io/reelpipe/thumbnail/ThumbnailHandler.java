package io.reelpipe.thumbnail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.Placeholder;
import io.reelpipe.core.contract.Storyboard;
import io.reelpipe.core.contract.Thumbnail;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.core.worker.JobContext;
import io.reelpipe.core.worker.JobHandler;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.thumbnail.placeholder.Blurhash;
import io.reelpipe.thumbnail.placeholder.DominantColor;
import io.reelpipe.thumbnail.poster.EncodedImage;
import io.reelpipe.thumbnail.poster.PosterEncoder;
import io.reelpipe.thumbnail.poster.PosterPicker;
import io.reelpipe.thumbnail.sampling.FrameDecoder;
import io.reelpipe.thumbnail.sampling.FrameSampler;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import io.reelpipe.thumbnail.sampling.SampledVideo;
import io.reelpipe.thumbnail.sampling.SamplingPlan;
import io.reelpipe.thumbnail.storyboard.StoryboardBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thumbnail job: fetch and probe the source, take every frame the package needs in one ffmpeg pass, pick and
 * encode the poster, derive the placeholder, pack the storyboard, and store everything under this attempt's image
 * prefix before reporting it. Objects go up before the event, so everything reported exists; a failed attempt leaves
 * only unreferenced objects under its own versioned prefix.
 *
 * <pre>
 * img/{video}/{attempt}/poster-{width}.webp, .jpg   posters
 * img/{video}/{attempt}/sprite-{n}.jpg              storyboard sheets
 * img/{video}/{attempt}/storyboard.vtt              the WebVTT thumbnail track over them
 * img/{video}/{attempt}/preview.webp                animated preview of the opening seconds
 * </pre>
 */
final class ThumbnailHandler implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(ThumbnailHandler.class);

    static final String VTT_NAME = "storyboard.vtt";
    static final String PREVIEW_NAME = "preview.webp";
    static final String VTT_CONTENT_TYPE = "text/vtt; charset=utf-8";

    private final SourceInspector inspector;
    private final FrameSampler sampler;
    private final FrameDecoder decoder;
    private final PosterEncoder encoder;
    private final ObjectStore store;
    private final long previewMaxBytes;
    private final MeterRegistry meters;

    ThumbnailHandler(
            SourceInspector inspector,
            FrameSampler sampler,
            FrameDecoder decoder,
            PosterEncoder encoder,
            ObjectStore store,
            long previewMaxBytes,
            MeterRegistry meters) {
        this.inspector = inspector;
        this.sampler = sampler;
        this.decoder = decoder;
        this.encoder = encoder;
        this.store = store;
        this.previewMaxBytes = previewMaxBytes;
        this.meters = meters;
    }

    @Override
    public JobEvent handle(JobContext context) throws Exception {
        SourceInspector.Source source = timed("fetch", () -> inspector.fetch(context));
        SamplingPlan plan = sampler.plan(source, context.job().posterAtMs());
        SampledVideo sampled = timed("sample", () -> sampler.sample(source, plan, context.workDir()));
        PosterPicker.Pick pick = timed("score", () -> PosterPicker.pick(sampled.candidates()));
        BufferedImage frame = timed("decode", () -> decoder.decode(pick.candidate().frame()));
        List<EncodedImage> posters = timed("encode", () -> encoder.encode(frame));
        Placeholder placeholder = timed("placeholder", () -> placeholder(pick.candidate().analysis()));
        StoryboardBuilder.Files storyboard = sampled.tiles().isEmpty() ? null : timed("storyboard",
                () -> StoryboardBuilder.build(sampled.tiles(), plan.tileIntervalSec(), plan.durationSec()));
        byte[] preview = sampled.preview().map(this::previewWithinBudget).orElse(null);

        String prefix = StorageKeys.imagePrefix(context.job().videoId(), context.attempt());
        Stored stored = timed("upload", () -> upload(prefix, posters, storyboard, preview));
        log.info("video {}: poster at {} s ({}, score {}) from a {}x{} frame, {} posters, {} storyboard sheets, "
                        + "preview {} bytes, under {}",
                context.job().videoId(), String.format(Locale.ROOT, "%.2f", pick.candidate().timeSec()), pick.reason(),
                String.format(Locale.ROOT, "%.3f", pick.score().total()), frame.getWidth(), frame.getHeight(),
                stored.thumbnails().size(), storyboard == null ? 0 : storyboard.sheets().size(),
                preview == null ? 0 : preview.length, prefix);
        return context.events().thumbnailsReady(stored.thumbnails(), placeholder, stored.storyboard(),
                stored.previewKey());
    }

    static Placeholder placeholder(RgbFrame poster) {
        return new Placeholder(Blurhash.of(poster), DominantColor.of(poster));
    }

    /** The preview's bytes, or {@code null} when it came out over budget (a feed does without; the job does not fail). */
    private byte[] previewWithinBudget(Path preview) {
        try {
            long size = Files.size(preview);
            if (size > previewMaxBytes) {
                log.warn("animated preview of {} bytes is over the budget of {} bytes; left out", size, previewMaxBytes);
                return null;
            }
            return Files.readAllBytes(preview);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * What went up.
     *
     * @param thumbnails the posters
     * @param storyboard the storyboard, or {@code null}
     * @param previewKey the preview, or {@code null}
     */
    private record Stored(List<Thumbnail> thumbnails, Storyboard storyboard, String previewKey) {}

    /**
     * Stores every object concurrently (each is one PUT; together they take one round trip instead of a dozen) and
     * returns once all are in place. The VTT goes up with the sheets it names: the event that references either is
     * published only after this returns.
     */
    private Stored upload(String prefix, List<EncodedImage> posters, StoryboardBuilder.Files storyboard, byte[] preview)
            throws InterruptedException, ExecutionException {
        List<Thumbnail> thumbnails = new ArrayList<>(posters.size());
        List<Runnable> puts = new ArrayList<>();
        for (EncodedImage image : posters) {
            String key = prefix + "poster-" + image.size().width() + "." + image.format().extension();
            puts.add(() -> put(key, image.bytes(), image.format().contentType()));
            thumbnails.add(new Thumbnail(image.format().formatName(), image.size().width(), image.size().height(), key,
                    image.format().contentType()));
        }
        Storyboard storyboardKeys = null;
        if (storyboard != null) {
            List<String> sheetKeys = new ArrayList<>();
            for (StoryboardBuilder.Sheet sheet : storyboard.sheets()) {
                String key = prefix + sheet.name();
                puts.add(() -> put(key, sheet.jpeg(), "image/jpeg"));
                sheetKeys.add(key);
            }
            String vttKey = prefix + VTT_NAME;
            puts.add(() -> put(vttKey, storyboard.vtt().getBytes(StandardCharsets.UTF_8), VTT_CONTENT_TYPE));
            storyboardKeys = new Storyboard(vttKey, sheetKeys);
        }
        String previewKey = preview == null ? null : prefix + PREVIEW_NAME;
        if (preview != null) {
            puts.add(() -> put(previewKey, preview, "image/webp"));
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable put : puts) {
                done.add(executor.submit(put));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        return new Stored(List.copyOf(thumbnails), storyboardKeys, previewKey);
    }

    private void put(String key, byte[] bytes, String contentType) {
        store.putBytes(key, bytes, contentType, CacheControl.IMMUTABLE, ObjectStore.Access.PUBLIC_READ);
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
