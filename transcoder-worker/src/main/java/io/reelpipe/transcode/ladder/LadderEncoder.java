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

/**
 * Encodes a probed source into an HLS ladder with one sandboxed ffmpeg run (see {@link LadderCommand}).
 */
public final class LadderEncoder {

    private final FfmpegBinaries binaries;
    private final EncoderSettings settings;
    private final Duration timeout;

    public LadderEncoder(FfmpegBinaries binaries, EncoderSettings settings, Duration timeout) {
        this.binaries = binaries;
        this.settings = settings;
        this.timeout = timeout;
    }

    /**
     * Encodes {@code source} into {@code outDir}.
     *
     * @throws MediaRejectedException when ffmpeg cannot decode the source (it is not retried)
     */
    public EncodedLadder encode(Path source, MediaProbe.ProbedSource probed, Path workDir, Path outDir)
            throws IOException, InterruptedException, MediaRejectedException {
        LadderPlan plan = LadderPlanner.plan(probed.video(), probed.info().audio().isPresent());
        Files.createDirectories(outDir);
        List<String> command = LadderCommand.build(binaries.ffmpeg(), source, probed.format(), plan, settings, outDir);
        // CPU time allows every core to be busy for the whole wall-clock limit.
        long cpuSeconds = timeout.toSeconds() * Runtime.getRuntime().availableProcessors();
        SandboxedProcess.Result result;
        try {
            result = SandboxedProcess.run(command, workDir, new SandboxedProcess.Limits(timeout, cpuSeconds, 0), null);
        } catch (ProcessTimeoutException e) {
            throw new MediaRejectedException("transcoding took longer than " + timeout.toMinutes() + " min", e);
        }
        if (!result.succeeded()) {
            String detail = lastLine(result.stderrTail());
            if (result.exitCode() > 128) {
                // Killed by a signal (out of CPU time, out of memory, a crash): may be the machine, so retry.
                throw new IOException("ffmpeg was killed (exit " + result.exitCode() + "): " + detail);
            }
            throw new MediaRejectedException("the video could not be decoded: " + detail);
        }
        List<EncodedLadder.EncodedRung> rungs = plan.rungs().stream()
                .map(r -> new EncodedLadder.EncodedRung(r.name(), r.width(), r.height()))
                .toList();
        return new EncodedLadder(outDir, rungs, plan.frameRate(), plan.audio());
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            // -progress writes key=value lines to the same stream; the diagnostic is the last other line.
            if (!line.isEmpty() && !line.matches("[a-z_]+=.*")) {
                return line.length() > 300 ? line.substring(0, 300) : line;
            }
        }
        return "no diagnostic";
    }
}
