package io.reelpipe.thumbnail.sampling;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaInfo;
import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.core.media.SandboxedProcess;
import io.reelpipe.core.media.SourceFilters;
import io.reelpipe.core.worker.SourceInspector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Takes every frame the image package needs in one sandboxed ffmpeg run over the source: one decode, split four ways
 * into poster candidates (each written full size as PNG and as a small raw PPM analysis copy), their companions (raw
 * PPM), storyboard tiles (raw PPM) and the animated WebP preview of the opening seconds. The run uses the same allow-listed demuxer and
 * {@code file}-only protocol as every other ffmpeg run, and only generated values in its arguments.
 *
 * <p>ffmpeg applies the display rotation itself (autorotate), deinterlaces and tone-maps HDR like the ladder does
 * ({@link SourceFilters}), squares non-square pixels and scales each branch down, never up, after selecting its
 * frames: the Java side only ever reads small raw frames, and decodes one full-size PNG, the chosen poster.
 */
public final class FrameSampler {

    /**
     * Longest side of a poster candidate, in pixels; candidates are also no wider than the widest poster
     * ({@link Settings#posterWidth()}), since nothing larger is ever made from them.
     */
    public static final int MAX_POSTER_SIDE = 1920;

    /** The sub-directory of the job directory the pass writes into. */
    static final String OUTPUT_DIR = "sampled";

    private static final String SQUARE_PIXELS = "scale=w='iw*sar':h=ih,setsar=1";

    private final FfmpegBinaries binaries;
    private final Settings settings;

    /**
     * How the pass samples.
     *
     * @param candidates     poster candidates on the grid
     * @param posterWidth    the widest poster: candidates are scaled down to it (portrait ones to
     *                       {@link #MAX_POSTER_SIDE} high at most)
     * @param analysisSide   long side of the analysis copies
     * @param tileSide       long side of a storyboard tile
     * @param maxTiles       storyboard tiles at most
     * @param previewLength  length of the animated preview
     * @param previewFps     its frame rate
     * @param previewSide    its long side
     * @param previewQuality its libwebp quality, 0-100
     * @param timeoutBase    wall-clock allowance of the pass before the video's own length is counted
     * @param minSpeed       slowest accepted decoding speed, in seconds of video per second: the pass may run
     *                       {@code timeoutBase + duration / minSpeed}
     * @param niceness       CPU niceness of the pass, 0-19
     */
    public record Settings(
            int candidates,
            int posterWidth,
            int analysisSide,
            int tileSide,
            int maxTiles,
            Duration previewLength,
            int previewFps,
            int previewSide,
            int previewQuality,
            Duration timeoutBase,
            double minSpeed,
            int niceness) {

        /** Only what bounds memory is checked here; the worker's properties validate every value with its name. */
        public Settings {
            if (posterWidth < 16 || posterWidth > MAX_POSTER_SIDE) {
                throw new IllegalArgumentException("the widest poster must be 16.." + MAX_POSTER_SIDE + " pixels, got "
                        + posterWidth);
            }
            if (analysisSide < 16 || analysisSide > 512 || tileSide < 16 || tileSide > 512) {
                throw new IllegalArgumentException("analysis and tile sides must be 16..512 pixels, got "
                        + analysisSide + " and " + tileSide);
            }
        }
    }

    public FrameSampler(FfmpegBinaries binaries, Settings settings) {
        this.binaries = binaries;
        this.settings = settings;
    }

    /** The plan for a source, with the creator's poster time or {@code null}. */
    public SamplingPlan plan(SourceInspector.Source source, Long posterAtMs) {
        return SamplingPlan.of(source.probed().info().durationSec(), posterAtMs, settings.candidates(),
                settings.maxTiles(), settings.previewLength().toMillis() / 1000.0, settings.previewFps());
    }

    /**
     * Runs the pass and reads its frames back.
     *
     * @throws MediaRejectedException when ffmpeg fails on the source or not one frame can be decoded
     * @throws io.reelpipe.core.media.ProcessTimeoutException when the pass ran past its limit (retried: a busy
     *     machine is the usual reason)
     */
    public SampledVideo sample(SourceInspector.Source source, SamplingPlan plan, Path workDir)
            throws IOException, InterruptedException, MediaRejectedException {
        Path out = workDir.resolve(OUTPUT_DIR);
        Files.createDirectories(out);
        Diagnostics diagnostics = new Diagnostics();
        SandboxedProcess.Result result = SandboxedProcess.run(command(source, plan, out), workDir, limits(plan),
                diagnostics);
        List<SampledVideo.Candidate> candidates = result.succeeded() ? candidates(out, plan) : List.of();
        if (candidates.isEmpty()) {
            String reason = diagnostics.summary();
            if (reason.isEmpty()) {
                reason = result.succeeded() ? "the video stream has no decodable frame"
                        : "ffmpeg exited with status " + result.exitCode();
            }
            throw new MediaRejectedException("no frame could be decoded: " + reason);
        }
        List<RgbFrame> tiles = new ArrayList<>();
        for (Path tile : numbered(out, "tile-%04d.ppm")) {
            tiles.add(Ppm.read(tile, settings.tileSide()));
        }
        Path preview = out.resolve("preview.webp");
        boolean hasPreview = Files.isRegularFile(preview) && Files.size(preview) > 0;
        return new SampledVideo(plan, candidates, tiles, hasPreview ? Optional.of(preview) : Optional.empty());
    }

    /** The ffmpeg command of the pass; every argument is generated here. */
    List<String> command(SourceInspector.Source source, SamplingPlan plan, Path out) {
        String demuxer = source.probed().format().demuxer();
        MediaInfo.Stream video = source.probed().video();
        List<String> command = new ArrayList<>(List.of(
                binaries.ffmpeg().toString(),
                "-hide_banner", "-nostdin",
                "-loglevel", "error",
                "-protocol_whitelist", "file",
                "-format_whitelist", demuxer,
                "-f", demuxer,
                "-i", "file:" + source.file().toAbsolutePath(),
                "-filter_complex", filterGraph(video, plan)));
        String frames = String.valueOf(plan.maxCandidates());
        // PNG at the fastest deflate level: the candidates live for seconds, and only one is ever read back.
        command.addAll(imageOutput("poster", frames, List.of("png", "-compression_level", "1"), out,
                "poster-%03d.png", true));
        command.addAll(imageOutput("analysis", frames, List.of("ppm"), out, "analysis-%03d.ppm", true));
        command.addAll(imageOutput("companion", frames, List.of("ppm"), out, "companion-%03d.ppm", true));
        command.addAll(imageOutput("tiles", String.valueOf(plan.maxTiles()), List.of("ppm"), out, "tile-%04d.ppm",
                false));
        command.addAll(List.of(
                "-map", "[preview]",
                "-frames:v", String.valueOf((int) Math.ceil(plan.previewSec() * plan.previewFps()) + 1),
                "-c:v", "libwebp_anim",
                "-quality", String.valueOf(settings.previewQuality()),
                "-compression_level", "4",
                "-loop", "0",
                "-f", "webp",
                "-y", "file:" + out.resolve("preview.webp").toAbsolutePath()));
        return List.copyOf(command);
    }

    /**
     * One split of the decoded video per output, each selecting its frames before anything is scaled, so per-frame
     * work happens only on the frames kept.
     */
    String filterGraph(MediaInfo.Stream video, SamplingPlan plan) {
        String source = SourceFilters.forStream(video);
        String input = "[0:" + video.index() + "]" + (source.isEmpty() ? "" : source + ",");
        return input + "split=4[cand][comp][tile][prev];"
                + "[cand]select='" + plan.candidateSelect() + "',split=2[full][small];"
                + "[full]" + SQUARE_PIXELS + "," + fit(settings.posterWidth(), MAX_POSTER_SIDE, "bicubic") + "[poster];"
                + "[small]" + SQUARE_PIXELS + "," + fit(settings.analysisSide(), "area") + ",format=rgb24[analysis];"
                + "[comp]select='" + plan.companionSelect() + "'," + SQUARE_PIXELS + ","
                + fit(settings.analysisSide(), "area") + ",format=rgb24[companion];"
                // eof_action=pass: a video shorter than one step still gets its tile instead of none.
                + "[tile]fps=1/" + plan.tileIntervalSec() + ":eof_action=pass," + SQUARE_PIXELS + "," + fit(settings.tileSide(), "area")
                + ",format=rgb24[tiles];"
                + "[prev]trim=end=" + SamplingPlan.seconds(plan.previewSec()) + ",fps=" + plan.previewFps() + ","
                + SQUARE_PIXELS + "," + fit(settings.previewSide(), "bicubic") + "[preview]";
    }

    /** Scales down to fit a square of {@code side}, aspect kept, never up. */
    private static String fit(int side, String algorithm) {
        return fit(side, side, algorithm);
    }

    /** Scales down to fit a {@code width} by {@code height} box, aspect kept, never up. */
    private static String fit(int width, int height, String algorithm) {
        return "scale=w='min(iw," + width + ")':h='min(ih," + height + ")':force_original_aspect_ratio=decrease:flags="
                + algorithm;
    }

    /**
     * An image-sequence output. {@code passthrough} keeps exactly the frames the graph selected (an image sequence
     * would otherwise be padded to a constant rate); the stats file records each frame's timestamp.
     *
     * @param codec the encoder and its options
     */
    private static List<String> imageOutput(
            String label, String maxFrames, List<String> codec, Path out, String pattern, boolean stats) {
        List<String> args = new ArrayList<>(List.of(
                "-map", "[" + label + "]",
                "-fps_mode", "passthrough",
                "-frames:v", maxFrames,
                "-c:v"));
        args.addAll(codec);
        if (stats) {
            args.addAll(List.of(
                    "-stats_enc_pre", "file:" + out.resolve(label + ".stats").toAbsolutePath(),
                    "-stats_enc_pre_fmt", "{n} {t}"));
        }
        args.addAll(List.of("-f", "image2", "-y", "file:" + out.resolve(pattern).toAbsolutePath()));
        return args;
    }

    private SandboxedProcess.Limits limits(SamplingPlan plan) {
        Duration wallClock = settings.timeoutBase()
                .plusMillis((long) Math.ceil(plan.durationSec() / settings.minSpeed() * 1000));
        // RLIMIT_CPU counts every decoder thread, so it allows the wall clock on every core; the wall clock is the limit.
        long cpuSeconds = Math.max(1, wallClock.toSeconds()) * Runtime.getRuntime().availableProcessors();
        return new SandboxedProcess.Limits(wallClock, cpuSeconds, 0, settings.niceness());
    }

    /** The candidates ffmpeg wrote, with their analysis copies and companions, matched by timestamp. */
    private List<SampledVideo.Candidate> candidates(Path out, SamplingPlan plan)
            throws IOException, MediaRejectedException {
        List<Double> posterTimes = times(out.resolve("poster.stats"));
        List<Double> analysisTimes = times(out.resolve("analysis.stats"));
        List<Double> companionTimes = times(out.resolve("companion.stats"));
        int count = Math.min(posterTimes.size(), analysisTimes.size());
        List<SampledVideo.Candidate> candidates = new ArrayList<>(count);
        boolean chosenSeen = false;
        for (int i = 0; i < count; i++) {
            double time = posterTimes.get(i);
            Path frame = out.resolve(String.format(Locale.ROOT, "poster-%03d.png", i + 1));
            Path analysis = out.resolve(String.format(Locale.ROOT, "analysis-%03d.ppm", i + 1));
            if (Double.isNaN(time) || !Files.isRegularFile(frame) || !Files.isRegularFile(analysis)) {
                continue;
            }
            RgbFrame companion = null;
            for (int c = 0; c < companionTimes.size(); c++) {
                double companionTime = companionTimes.get(c);
                if (companionTime > time && companionTime <= time + Math.max(plan.candidateIntervalSec(), 0.001)) {
                    companion = Ppm.read(out.resolve(String.format(Locale.ROOT, "companion-%03d.ppm", c + 1)),
                            settings.analysisSide());
                    break;
                }
            }
            // The creator's frame is the first at or after the chosen time (timestamps print to the microsecond).
            boolean chosen = !chosenSeen && plan.posterAtSec() != null && time >= plan.posterAtSec() - 0.0005;
            chosenSeen |= chosen;
            candidates.add(new SampledVideo.Candidate(time, Ppm.read(analysis, settings.analysisSide()), companion,
                    frame, time < plan.openingSec(), chosen));
        }
        return List.copyOf(candidates);
    }

    /** Timestamps from a stats file ({@code "<n> <t>"} per line); unknown ones are NaN. */
    private static List<Double> times(Path stats) throws IOException {
        if (!Files.isRegularFile(stats)) {
            return List.of();
        }
        List<Double> times = new ArrayList<>();
        for (String line : Files.readAllLines(stats, StandardCharsets.US_ASCII)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2) {
                double time;
                try {
                    time = Double.parseDouble(fields[1]);
                } catch (NumberFormatException e) {
                    time = Double.NaN;
                }
                times.add(time);
            }
        }
        return times;
    }

    /** The files of an image sequence, in order, up to the first gap. */
    private static List<Path> numbered(Path dir, String pattern) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; ; i++) {
            Path file = dir.resolve(String.format(Locale.ROOT, pattern, i));
            if (!Files.isRegularFile(file)) {
                return files;
            }
            files.add(file);
        }
    }

    /**
     * Keeps the first error line ffmpeg writes: that is the cause (an encrypted sample, an invalid NAL unit); what
     * follows is repetition and ffmpeg's own bookkeeping about giving up.
     */
    static final class Diagnostics implements Consumer<String> {

        /** ffmpeg prefixes lines with its component names and addresses ({@code [h264 @ 0x55...]}); noise to a creator. */
        private static final Pattern COMPONENT_PREFIX = Pattern.compile("^(\\[[^\\]]*]\\s*)+");
        private static final int MAX_LENGTH = 200;

        private String first = "";

        @Override
        public synchronized void accept(String line) {
            if (!first.isEmpty()) {
                return;
            }
            String clean = COMPONENT_PREFIX.matcher(line).replaceFirst("").strip();
            first = clean.length() > MAX_LENGTH ? clean.substring(0, MAX_LENGTH) + "..." : clean;
        }

        synchronized String summary() {
            return first;
        }
    }
}
