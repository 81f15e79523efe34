package io.reelpipe.thumbnail.poster;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaInfo;
import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.core.media.ProcessTimeoutException;
import io.reelpipe.core.media.SandboxedProcess;
import io.reelpipe.core.worker.SourceInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Grabs the poster frame of a source into a PNG with the sandboxed ffmpeg: the same allow-listed demuxer and
 * {@code file}-only protocol as every other ffmpeg run, and only generated values in its arguments.
 *
 * <p>ffmpeg applies the display rotation itself (autorotate), squares non-square pixels and scales the frame down so
 * its long side is at most {@link #MAX_SIDE}: the Java side then never holds more than one modest frame in memory,
 * whatever the source's resolution.
 */
final class FrameGrabber {

    /** Longest side of a grabbed frame, in pixels. */
    static final int MAX_SIDE = 1920;

    /** Seconds kept clear of the end: the container's duration often runs past the last video frame. */
    private static final double END_MARGIN_SECONDS = 0.5;

    private static final String FILTERS = "scale=w='iw*sar':h=ih,setsar=1,"
            + "scale=w='min(iw," + MAX_SIDE + ")':h='min(ih," + MAX_SIDE + ")':force_original_aspect_ratio=decrease";

    private final FfmpegBinaries binaries;
    private final SandboxedProcess.Limits limits;

    FrameGrabber(FfmpegBinaries binaries, Duration timeout) {
        this.binaries = binaries;
        // RLIMIT_CPU counts every decoder thread, so it allows the wall clock on every core; the wall clock is the limit.
        long cpuSeconds = Math.max(1, timeout.toSeconds()) * Runtime.getRuntime().availableProcessors();
        this.limits = new SandboxedProcess.Limits(timeout, cpuSeconds, 0);
    }

    /**
     * Writes the poster frame of {@code source} to a PNG in {@code workDir}.
     *
     * @throws MediaRejectedException when no frame can be decoded (corrupt or encrypted video, a decoder crash, or
     *     decoding past the time limit)
     */
    Path grab(SourceInspector.Source source, Path workDir)
            throws IOException, InterruptedException, MediaRejectedException {
        Path frame = workDir.resolve("poster-frame.png");
        double at = posterTime(source.probed().info().durationSec());
        Attempt first = attempt(source, at, frame, workDir);
        if (first.succeeded()) {
            return frame;
        }
        if (at > 0) {
            // Seeking can land past the last decodable frame (audio outlasting video, a broken index): the first
            // frame is a worse poster but far better than none.
            Attempt fromStart = attempt(source, 0, frame, workDir);
            if (fromStart.succeeded()) {
                return frame;
            }
        }
        throw new MediaRejectedException("no frame could be decoded: " + first.diagnostic());
    }

    /** The poster's position: a third of the way in, where a video has usually got going, and inside the video. */
    static double posterTime(double durationSec) {
        if (!(durationSec > 0)) {
            return 0;
        }
        return Math.clamp(durationSec / 3, 0, Math.max(0, durationSec - END_MARGIN_SECONDS));
    }

    /** The ffmpeg command that writes one frame at {@code atSec}; every argument is generated here. */
    List<String> command(SourceInspector.Source source, double atSec, Path output) {
        String demuxer = source.probed().format().demuxer();
        MediaInfo.Stream video = source.probed().video();
        return List.of(
                binaries.ffmpeg().toString(),
                "-hide_banner", "-nostdin",
                "-loglevel", "error",
                "-protocol_whitelist", "file",
                "-format_whitelist", demuxer,
                "-f", demuxer,
                "-ss", String.format(Locale.ROOT, "%.3f", atSec),
                "-i", "file:" + source.file().toAbsolutePath(),
                "-map", "0:" + video.index(),
                "-an", "-sn", "-dn",
                "-frames:v", "1",
                "-vf", FILTERS,
                "-pix_fmt", "rgb24",
                "-c:v", "png",
                "-f", "image2",
                "-update", "1",
                "-y", "file:" + output.toAbsolutePath());
    }

    private Attempt attempt(SourceInspector.Source source, double atSec, Path output, Path workDir)
            throws IOException, InterruptedException {
        Files.deleteIfExists(output);
        Diagnostics diagnostics = new Diagnostics();
        SandboxedProcess.Result result;
        try {
            result = SandboxedProcess.run(command(source, atSec, output), workDir, limits, diagnostics);
        } catch (ProcessTimeoutException e) {
            return new Attempt(false, "decoding one frame took longer than " + limits.wallClock().toSeconds() + " s");
        }
        boolean wrote = Files.isRegularFile(output) && Files.size(output) > 0;
        if (result.succeeded() && wrote) {
            return new Attempt(true, "");
        }
        String diagnostic = diagnostics.summary();
        if (diagnostic.isEmpty()) {
            diagnostic = result.succeeded() ? "the video stream has no frame at " + String.format(Locale.ROOT,
                    "%.1f s", atSec) : "ffmpeg exited with status " + result.exitCode();
        }
        return new Attempt(false, diagnostic);
    }

    /**
     * The outcome of one ffmpeg run.
     *
     * @param succeeded  whether the frame was written
     * @param diagnostic why not, for the creator
     */
    private record Attempt(boolean succeeded, String diagnostic) {}

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
