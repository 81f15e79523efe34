package io.reelpipe.thumbnail;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaLimits;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.thumbnail.sampling.FrameSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Generated sources, probed as the worker probes them, and a sampler with small test settings. */
public final class TestSources {

    /** x264 settings that encode the generated clips quickly. */
    public static final List<String> H264 =
            List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

    private TestSources() {}

    /** Probes a file the way the worker's {@link SourceInspector} does. */
    public static SourceInspector.Source probe(Path file, Path dir) throws Exception {
        MediaProbe probe = new MediaProbe(FfmpegBinaries.bundled(), MediaLimits.SHORT_VIDEO, Duration.ofSeconds(30));
        return new SourceInspector.Source(file, probe.inspect(file, dir));
    }

    /** A sampler with the worker's defaults but 8 candidates and a one-second preview, to keep tests quick. */
    public static FrameSampler sampler() {
        return new FrameSampler(FfmpegBinaries.bundled(), new FrameSampler.Settings(8, 1080, 256, 160, 100,
                Duration.ofSeconds(1), 10, 320, 50, Duration.ofSeconds(30), 0.5, 0));
    }

    /** Deletes a directory and everything in it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Encodes lavfi input arguments to an H.264 MP4. */
    public static Path h264(Path dir, String name, String... lavfiInput) throws Exception {
        List<String> args = new ArrayList<>();
        for (String input : lavfiInput) {
            args.addAll(List.of("-f", "lavfi", "-i", input));
        }
        args.addAll(H264);
        return SampleMedia.ffmpeg(dir, name, args);
    }
}
