package io.reelpipe.transcode.ladder;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaInfo;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.media.SandboxedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The remux fast path: when the source's video already is what a rung would be (H.264 yuv420p at the rung's exact
 * size, constant frame rate of at most 60, square pixels, SDR, progressive, no rotation, under the rung's bit-rate
 * ceiling) and its key frames fall exactly on the 2 s segment grid, that rung is packaged from the source's own
 * stream without decoding or encoding it: faster, and no generation loss. Key frames are read from the packet index
 * (no decoding); the grid condition keeps the rung's segment boundaries aligned with the encoded rungs'.
 */
final class RemuxPolicy {

    private static final Set<String> PROFILES = Set.of("High", "Main", "Constrained Baseline", "Baseline");

    private final FfmpegBinaries binaries;
    private final boolean enabled;

    RemuxPolicy(FfmpegBinaries binaries, boolean enabled) {
        this.binaries = binaries;
        this.enabled = enabled;
    }

    LadderPlan apply(LadderPlan plan, Path source, MediaProbe.ProbedSource probed, Path workDir)
            throws IOException, InterruptedException {
        MediaInfo.Stream video = probed.video();
        if (!enabled || !streamFits(video, plan)) {
            return plan;
        }
        List<Rung> rungs = new ArrayList<>(plan.rungs());
        for (int i = 0; i < rungs.size(); i++) {
            Rung rung = rungs.get(i);
            if (rung.width() == video.width() && rung.height() == video.height()
                    && video.bitRate() > 0 && video.bitRate() <= rung.maxrateKbps() * 1000L) {
                if (!keyFramesOnGrid(source, probed, workDir, plan.frameRate())) {
                    return plan;
                }
                rungs.set(i, rung.remuxed());
                return new LadderPlan(rungs, plan.frameRate(), plan.audio(), plan.sourceFilters());
            }
        }
        return plan;
    }

    /** Everything but the key frames and the size: codec, pixels, timing and colour need no work. */
    static boolean streamFits(MediaInfo.Stream video, LadderPlan plan) {
        return "h264".equals(video.codec())
                && "yuv420p".equals(video.pixelFormat())
                && video.rotation() == 0
                && video.sampleAspect() == 1.0
                && !video.isHdr()
                && !video.isInterlaced()
                && video.frameRate() > 0
                && Math.abs(video.frameRate() - plan.frameRate()) < 0.001
                && plan.sourceFilters().isEmpty();
    }

    /** Every key frame on a multiple of the segment duration, and one on every multiple, within half a frame. */
    private boolean keyFramesOnGrid(Path source, MediaProbe.ProbedSource probed, Path workDir, double frameRate)
            throws IOException, InterruptedException {
        List<String> command = List.of(binaries.ffprobe().toString(), "-v", "error",
                "-protocol_whitelist", "file", "-format_whitelist", probed.format().demuxer(),
                "-f", probed.format().demuxer(), "-select_streams", "v:0",
                "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", "-i", "file:" + source.toAbsolutePath());
        SandboxedProcess.Result result = SandboxedProcess.run(command, workDir,
                new SandboxedProcess.Limits(Duration.ofSeconds(30), 30, 16 * 1024 * 1024), null);
        if (!result.succeeded()) {
            return false;
        }
        List<Double> keyFrames = new ArrayList<>();
        double first = Double.NaN;
        for (String line : new String(result.stdout(), StandardCharsets.US_ASCII).split("\n")) {
            String[] fields = line.strip().split(",");
            if (fields.length < 2 || fields[0].equals("N/A")) {
                continue;
            }
            double pts = Double.parseDouble(fields[0]);
            first = Double.isNaN(first) ? pts : Math.min(first, pts);
            if (fields[1].startsWith("K")) {
                keyFrames.add(pts);
            }
        }
        double halfFrame = 0.5 / frameRate;
        double duration = probed.info().durationSec();
        double origin = first;
        for (double t = 0; t < duration - LadderCommand.SEGMENT_SECONDS / 2; t += LadderCommand.SEGMENT_SECONDS) {
            double boundary = origin + t;
            if (keyFrames.stream().noneMatch(k -> Math.abs(k - boundary) <= halfFrame)) {
                return false;
            }
        }
        return keyFrames.stream().allMatch(k -> {
            double offset = (k - origin) % LadderCommand.SEGMENT_SECONDS;
            return offset <= halfFrame || LadderCommand.SEGMENT_SECONDS - offset <= halfFrame;
        });
    }
}
