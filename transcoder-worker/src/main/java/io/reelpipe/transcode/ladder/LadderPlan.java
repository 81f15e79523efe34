package io.reelpipe.transcode.ladder;

import java.util.List;

/**
 * What to encode for one source: the rungs (lowest first), the constant output frame rate and whether there is audio.
 *
 * @param rungs     rungs, lowest first
 * @param frameRate constant output frame rate
 * @param audio     whether the source has an audio stream to encode
 * @param sourceFilters filters that make the source progressive SDR before scaling (may be empty)
 */
record LadderPlan(List<Rung> rungs, double frameRate, boolean audio, String sourceFilters) {

    LadderPlan {
        rungs = List.copyOf(rungs);
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one rung");
        }
    }

    /**
     * Length of the first segment. It is shorter than the others when every rung is encoded: the lowest rung's first
     * segment is what makes the video playable (progressive publishing), and half a segment is half the frames every
     * rung must encode first (the rungs share one decode, so the lowest rung is paced by the highest). A remuxed rung
     * keeps the source's key frames, which lie on the plain grid, so then the first segment is as long as the others
     * and boundaries stay aligned across rungs.
     */
    double firstSegmentSeconds(double segmentSeconds, double fastStartSeconds) {
        return rungs.stream().anyMatch(Rung::remux) ? segmentSeconds : Math.min(segmentSeconds, fastStartSeconds);
    }

    /** Frames per segment: every segment starts with an IDR frame at the same instant in every rung. */
    int gopFrames(double segmentSeconds) {
        return Math.max(1, (int) Math.round(frameRate * segmentSeconds));
    }
}
