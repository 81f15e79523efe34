package io.reelpipe.transcode.ladder;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.core.media.ProcessTimeoutException;
import io.reelpipe.core.media.SandboxedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Encodes a probed source into an HLS ladder with one sandboxed ffmpeg run (see {@link LadderCommand}). {@link #prepare}
 * decides the outputs first, so a publisher can watch them appear while {@link #encode} runs.
 */
public final class LadderEncoder {

    private final FfmpegBinaries binaries;
    private final EncoderSettings settings;
    private final Duration timeout;
    private final RemuxPolicy remux;

    /** Exit statuses of a child killed by SIGABRT, SIGKILL, SIGSEGV, SIGTERM or SIGXCPU (128 + signal). */
    private static final java.util.Set<Integer> KILLED_BY_SIGNAL = java.util.Set.of(134, 137, 139, 143, 152);

    public LadderEncoder(FfmpegBinaries binaries, EncoderSettings settings, Duration timeout) {
        this.binaries = binaries;
        this.settings = settings;
        this.timeout = timeout;
        this.remux = new RemuxPolicy(binaries, settings.remux());
    }

    /**
     * The ladder this source gets, written under {@code outDir} once encoded. A rung the source already fits is
     * marked for the remux fast path (see {@link RemuxPolicy}).
     */
    public EncodedLadder prepare(Path source, MediaProbe.ProbedSource probed, Path workDir, Path outDir)
            throws IOException, InterruptedException {
        LadderPlan plan = LadderPlanner.plan(probed.video(), probed.info().audio().isPresent());
        plan = remux.apply(plan, source, probed, workDir);
        List<EncodedLadder.EncodedRung> rungs = plan.rungs().stream()
                .map(r -> new EncodedLadder.EncodedRung(r.name(), r.width(), r.height(), r.maxrateKbps(), r.remux()))
                .toList();
        return new EncodedLadder(outDir, rungs, plan.frameRate(), plan.audio(), settings.audioKbps(),
                probed.info().durationSec(), plan.sourceFilters());
    }

    /** Encodes a source with its default plan and waits; for callers that do not publish progressively. */
    public EncodedLadder encode(Path source, MediaProbe.ProbedSource probed, Path workDir, Path outDir)
            throws IOException, InterruptedException, MediaRejectedException {
        EncodedLadder ladder = prepare(source, probed, workDir, outDir);
        encode(source, probed, ladder, workDir, outTime -> {});
        return ladder;
    }

    /**
     * Runs ffmpeg for a prepared ladder and waits for it.
     *
     * @param progress receives ffmpeg's output time in microseconds as it advances
     * @throws MediaRejectedException when ffmpeg cannot decode the source (it is not retried)
     */
    public void encode(Path source, MediaProbe.ProbedSource probed, EncodedLadder ladder, Path workDir,
            LongConsumer progress) throws IOException, InterruptedException, MediaRejectedException {
        LadderPlan plan = ladder.plan();
        Files.createDirectories(ladder.outDir());
        if (plan.audio()) {
            // ffmpeg makes the rungs' directories (var_stream_map) but not the audio output's.
            Files.createDirectories(ladder.outDir().resolve(EncodedLadder.AUDIO_DIR));
        }
        List<String> command =
                LadderCommand.build(binaries.ffmpeg(), source, probed.format(), plan, settings, ladder.outDir());
        // CPU time allows every core to be busy for the whole wall-clock limit.
        long cpuSeconds = timeout.toSeconds() * Runtime.getRuntime().availableProcessors();
        SandboxedProcess.Result result;
        try {
            result = SandboxedProcess.run(command, workDir, new SandboxedProcess.Limits(timeout, cpuSeconds, 0),
                    line -> outTime(line, progress));
        } catch (ProcessTimeoutException e) {
            throw new MediaRejectedException("transcoding took longer than " + timeout.toMinutes() + " min", e);
        }
        if (!result.succeeded()) {
            String detail = result.diagnostic();
            if (KILLED_BY_SIGNAL.contains(result.exitCode())) {
                // Killed by a signal (out of CPU time, out of memory, a crash): may be the machine, so retry.
                throw new IOException("ffmpeg was killed (exit " + result.exitCode() + "): " + detail);
            }
            throw new MediaRejectedException("the video could not be decoded: " + detail);
        }
    }

    private static void outTime(String line, LongConsumer progress) {
        if (line.startsWith("out_time_us=")) {
            try {
                progress.accept(Long.parseLong(line.substring("out_time_us=".length()).strip()));
            } catch (NumberFormatException e) {
                // "N/A" before the first frame; nothing to report yet.
            }
        }
    }
}
