package io.reelpipe.thumbnail.sampling;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the single ffmpeg pass left in the job directory, read back and checked.
 *
 * @param plan       the plan the pass followed
 * @param candidates poster candidates in time order
 * @param tiles      storyboard frames, one per {@link SamplingPlan#tileIntervalSec()} from the start
 * @param preview    the animated WebP of the opening seconds, or empty when ffmpeg wrote none
 */
public record SampledVideo(SamplingPlan plan, List<Candidate> candidates, List<RgbFrame> tiles, Optional<Path> preview) {

    public SampledVideo {
        candidates = List.copyOf(candidates);
        tiles = List.copyOf(tiles);
    }

    /**
     * One poster candidate.
     *
     * @param timeSec   where it is in the video
     * @param analysis  a small copy to score
     * @param companion a small copy of a frame shortly after it, to tell a fade; {@code null} when the video ended
     * @param frame     the full-size frame (PNG, at most the sampler's poster side), decoded only if chosen
     * @param opening   whether it lies in the skipped opening (the first frame, kept as the last resort)
     * @param chosen    whether it is the frame at the creator's chosen poster time
     */
    public record Candidate(
            double timeSec, RgbFrame analysis, RgbFrame companion, Path frame, boolean opening, boolean chosen) {}
}
