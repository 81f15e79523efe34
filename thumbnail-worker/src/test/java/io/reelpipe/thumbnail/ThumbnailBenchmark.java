package io.reelpipe.thumbnail;

import io.reelpipe.core.contract.Placeholder;
import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaLimits;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.thumbnail.poster.EncodedImage;
import io.reelpipe.thumbnail.poster.PosterEncoder;
import io.reelpipe.thumbnail.poster.PosterPicker;
import io.reelpipe.thumbnail.poster.PosterSize;
import io.reelpipe.thumbnail.sampling.FrameDecoder;
import io.reelpipe.thumbnail.sampling.FrameSampler;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import io.reelpipe.thumbnail.sampling.SampledVideo;
import io.reelpipe.thumbnail.sampling.SamplingPlan;
import io.reelpipe.thumbnail.storyboard.StoryboardBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The image package of a 60 s 1080p video, ReelPipe against plain ffmpeg, in one run on one machine. ReelPipe: the
 * worker's stages without S3 (one ffmpeg pass, scoring, poster decode, imgscalr resizing, WebP and JPEG encoding,
 * placeholder, storyboard sheets and VTT, preview read back). The anchor: one ffmpeg CLI run producing the same
 * files (the same poster sizes from the frame ReelPipe chose, libwebp and mjpeg; the storyboard sheet with the
 * {@code tile} filter; the same animated preview), with no scoring. Also timed, as the floor of any one-pass
 * package: ffmpeg decoding the source to nothing. Each side runs {@code runs} times, alternating, after one warm-up
 * of each; medians are compared.
 *
 * <p>Usage: {@code ThumbnailBenchmark [runs=5] [source]}; without a source, a 60 s 1920x1080 H.264 clip is made once
 * from the shared Big Buck Bunny sample (looped) and kept in {@code var/bench/thumbnails}.
 */
public final class ThumbnailBenchmark {

    /** {@code getconf CLK_TCK} on Linux: the unit of {@code /proc/self/stat} times. */
    private static final int CLOCK_TICKS = 100;

    private ThumbnailBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path var = Files.createDirectories(Path.of(System.getenv().getOrDefault("REELPIPE_VAR", "var"))
                .resolve("bench/thumbnails"));
        Path source = args.length > 1 ? Path.of(args[1]) : sixtySeconds1080p(var);
        Path dir = Files.createTempDirectory("reelpipe-thumbnail-bench");
        FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
        SourceInspector.Source probed = new SourceInspector.Source(source,
                new MediaProbe(ffmpeg, MediaLimits.SHORT_VIDEO, Duration.ofSeconds(30)).inspect(source, dir));
        FrameSampler sampler = new FrameSampler(ffmpeg, new FrameSampler.Settings(16, 1080,
                ThumbnailConfiguration.ANALYSIS_SIDE, 160, 100, Duration.ofSeconds(3), 10, 320, 50,
                Duration.ofSeconds(600), 0.05, 0));
        PosterEncoder encoder = new PosterEncoder(List.of(160, 320, 640, 1080));

        Map<String, List<Double>> stages = new LinkedHashMap<>();
        List<Double> ours = new ArrayList<>();
        List<Double> anchor = new ArrayList<>();
        List<Double> decodeOnly = new ArrayList<>();
        List<Double> oursCpu = new ArrayList<>();
        List<Double> anchorCpu = new ArrayList<>();
        Package made = null;
        for (int run = 0; run <= runs; run++) {
            Map<String, Double> times = new LinkedHashMap<>();
            Path oursDir = clean(dir.resolve("ours"));
            double cpu = cpuSeconds(true);
            long start = System.nanoTime();
            made = ourPackage(probed, sampler, encoder, oursDir, times);
            double oursSec = seconds(start);
            double oursCpuSec = cpuSeconds(true) - cpu;
            Path anchorDir = clean(dir.resolve("anchor"));
            cpu = cpuSeconds(false);
            start = System.nanoTime();
            run(ffmpeg, anchorCommand(ffmpeg, source, made, anchorDir));
            double anchorSec = seconds(start);
            double anchorCpuSec = cpuSeconds(false) - cpu;
            start = System.nanoTime();
            run(ffmpeg, List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i",
                    source.toString(), "-map", "0:v:0", "-f", "null", "-"));
            double decodeSec = seconds(start);
            String label = run == 0 ? "warm-up" : "run " + run;
            System.out.printf(Locale.ROOT, "%s: reelpipe %.2f s (cpu %.2f s) %s | ffmpeg one run %.2f s (cpu %.2f s) "
                    + "| decode only %.2f s%n", label, oursSec, oursCpuSec, format(times), anchorSec, anchorCpuSec,
                    decodeSec);
            if (run > 0) {
                ours.add(oursSec);
                anchor.add(anchorSec);
                oursCpu.add(oursCpuSec);
                anchorCpu.add(anchorCpuSec);
                decodeOnly.add(decodeSec);
                times.forEach((stage, sec) -> stages.computeIfAbsent(stage, s -> new ArrayList<>()).add(sec));
            }
        }

        System.out.printf(Locale.ROOT, "%nsource %s: %dx%d, %.1f s; %d runs; %d cores%n", source.getFileName(),
                probed.probed().video().displayWidth(), probed.probed().video().displayHeight(),
                probed.probed().info().durationSec(), runs, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "package: %d posters (%d bytes), %d sheet(s) (%d bytes), VTT %d bytes, "
                        + "preview %d bytes, blurhash %s, colour %s%n",
                made.posters().size(), made.posters().stream().mapToLong(p -> p.bytes().length).sum(),
                made.storyboard().sheets().size(),
                made.storyboard().sheets().stream().mapToLong(s -> s.jpeg().length).sum(),
                made.storyboard().vtt().length(), made.previewBytes(), made.placeholder().blurhash(),
                made.placeholder().dominantColor());
        for (EncodedImage poster : made.posters()) {
            System.out.printf(Locale.ROOT, "  poster %-4s %4dx%-4d %7d bytes%n", poster.format().extension(),
                    poster.size().width(), poster.size().height(), poster.bytes().length);
        }
        double o = median(ours);
        double a = median(anchor);
        System.out.printf(Locale.ROOT, "median: reelpipe %.2f s | ffmpeg one run %.2f s | decode only %.2f s%n", o, a,
                median(decodeOnly));
        System.out.print("reelpipe stages (median):");
        stages.forEach((stage, values) -> System.out.printf(Locale.ROOT, " %s %.3f s", stage, median(values)));
        System.out.println();
        List<Double> paired = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            paired.add(ours.get(i) / anchor.get(i));
        }
        // Runs alternate, so each pair saw the same background load; the median of pairs is the steadier figure.
        System.out.printf(Locale.ROOT, "ratio reelpipe / ffmpeg one run = %.3f (of medians), %.3f (median of pairs)%n",
                o / a, median(paired));
        // CPU seconds are what the work costs; wall time on a shared machine also measures the neighbours.
        System.out.printf(Locale.ROOT, "cpu: reelpipe %.2f s | ffmpeg one run %.2f s | ratio %.3f%n", median(oursCpu),
                median(anchorCpu), median(oursCpu) / median(anchorCpu));
        TestSources.deleteTree(dir);
    }

    /**
     * What ReelPipe made.
     *
     * @param posters      the posters
     * @param storyboard   the storyboard
     * @param placeholder  blurhash and colour
     * @param previewBytes size of the animated preview
     * @param posterAtSec  the chosen poster's time
     * @param plan         the sampling plan
     */
    record Package(List<EncodedImage> posters, StoryboardBuilder.Files storyboard, Placeholder placeholder,
            long previewBytes, double posterAtSec, SamplingPlan plan, int tileWidth, int tileHeight) {}

    /** The handler's stages, minus fetching and uploading. */
    static Package ourPackage(SourceInspector.Source source, FrameSampler sampler, PosterEncoder encoder, Path work,
            Map<String, Double> times) throws Exception {
        long t = System.nanoTime();
        SamplingPlan plan = sampler.plan(source, null);
        SampledVideo sampled = sampler.sample(source, plan, work);
        t = lap(times, "sample", t);
        PosterPicker.Pick pick = PosterPicker.pick(sampled.candidates());
        t = lap(times, "score", t);
        BufferedImage frame = new FrameDecoder(FrameSampler.MAX_POSTER_SIDE).decode(pick.candidate().frame());
        t = lap(times, "decode", t);
        List<EncodedImage> posters = encoder.encode(frame);
        t = lap(times, "encode", t);
        Placeholder placeholder = ThumbnailHandler.placeholder(pick.candidate().analysis());
        t = lap(times, "placeholder", t);
        StoryboardBuilder.Files storyboard = StoryboardBuilder.build(sampled.tiles(), plan.tileIntervalSec(),
                plan.durationSec());
        t = lap(times, "storyboard", t);
        long preview = Files.readAllBytes(sampled.preview().orElseThrow()).length;
        lap(times, "preview", t);
        RgbFrame tile = sampled.tiles().getFirst();
        return new Package(posters, storyboard, placeholder, preview, pick.candidate().timeSec(), plan, tile.width(),
                tile.height());
    }

    /** One ffmpeg run making the same files as ReelPipe: posters from its chosen frame, the sheet, the preview. */
    static List<String> anchorCommand(FfmpegBinaries ffmpeg, Path source, Package made, Path out) {
        List<PosterSize> sizes = made.posters().stream().map(EncodedImage::size).distinct().toList();
        int tiles = (int) Math.ceil(made.plan().durationSec() / made.plan().tileIntervalSec() - 1e-6);
        int columns = Math.min(10, tiles);
        int rows = (tiles + columns - 1) / columns;
        StringBuilder graph = new StringBuilder("[0:v:0]split=3[p][t][v];[p]select='gte(t,"
                + String.format(Locale.ROOT, "%.3f", made.posterAtSec()) + ")*isnan(prev_selected_t)',split=" + sizes.size());
        for (int i = 0; i < sizes.size(); i++) {
            graph.append("[s").append(i).append(']');
        }
        graph.append(';');
        for (int i = 0; i < sizes.size(); i++) {
            PosterSize size = sizes.get(i);
            graph.append("[s").append(i).append("]scale=").append(size.width()).append(':').append(size.height())
                    .append(":flags=bicubic,split=2[w").append(i).append("][j").append(i).append("];");
        }
        graph.append("[t]fps=1/").append(made.plan().tileIntervalSec()).append(":eof_action=pass,scale=")
                .append(made.tileWidth()).append(':').append(made.tileHeight()).append(":flags=area,tile=")
                .append(columns).append('x').append(rows).append("[sheet];");
        graph.append("[v]trim=end=").append(String.format(Locale.ROOT, "%.3f", made.plan().previewSec())).append(",fps=")
                .append(made.plan().previewFps()).append(",scale=w='min(iw,320)':h='min(ih,320)'")
                .append(":force_original_aspect_ratio=decrease[preview]");
        List<String> command = new ArrayList<>(List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-y", "-i", source.toString(), "-filter_complex", graph.toString()));
        for (int i = 0; i < sizes.size(); i++) {
            int width = sizes.get(i).width();
            command.addAll(List.of("-map", "[w" + i + "]", "-frames:v", "1", "-c:v", "libwebp", "-quality", "75",
                    "-update", "1", out.resolve("poster-" + width + ".webp").toString()));
            command.addAll(List.of("-map", "[j" + i + "]", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5",
                    "-update", "1", out.resolve("poster-" + width + ".jpg").toString()));
        }
        command.addAll(List.of("-map", "[sheet]", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5", "-update", "1",
                out.resolve("sprite-0.jpg").toString()));
        command.addAll(List.of("-map", "[preview]", "-c:v", "libwebp_anim", "-quality", "50", "-compression_level",
                "4", "-loop", "0", out.resolve("preview.webp").toString()));
        return command;
    }

    private static Path sixtySeconds1080p(Path var) throws Exception {
        Path clip = var.resolve("bbb-60s-1080p.mp4");
        if (!Files.isRegularFile(clip)) {
            SampleMedia.ffmpeg(var, clip.getFileName().toString(), List.of("-stream_loop", "-1", "-i",
                    SampleMedia.shared("bbb_2500ms.ts").toString(), "-t", "60", "-an", "-c:v", "libx264", "-preset",
                    "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"));
        }
        return clip;
    }

    private static void run(FfmpegBinaries ffmpeg, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LD_LIBRARY_PATH", ffmpeg.ffmpeg().getParent().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + output);
        }
    }

    /**
     * CPU seconds from {@code /proc/self/stat}: the reaped children's (every ffmpeg run) and, with {@code self}, this
     * JVM's own (all threads, JIT and GC included).
     */
    private static double cpuSeconds(boolean self) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Counted from the state after the name: utime 11, stime 12, cutime 13, cstime 14.
        long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        if (self) {
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks / (double) CLOCK_TICKS;
    }

    private static long lap(Map<String, Double> times, String stage, long since) {
        long now = System.nanoTime();
        times.put(stage, (now - since) / 1e9);
        return now;
    }

    private static String format(Map<String, Double> times) {
        StringBuilder text = new StringBuilder("(");
        times.forEach((stage, sec) -> text.append(text.length() > 1 ? ", " : "")
                .append(String.format(Locale.ROOT, "%s %.3f", stage, sec)));
        return text.append(')').toString();
    }

    private static Path clean(Path dir) throws IOException {
        TestSources.deleteTree(dir);
        return Files.createDirectories(dir);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
