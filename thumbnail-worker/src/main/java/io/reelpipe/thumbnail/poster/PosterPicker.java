package io.reelpipe.thumbnail.poster;

import io.reelpipe.thumbnail.sampling.SampledVideo;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the poster among the sampled candidates: the creator's chosen frame when there is one, otherwise the
 * best-scoring frame of the grid, and the video's first frame only when the grid holds no frame at all.
 */
public final class PosterPicker {

    private PosterPicker() {}

    /**
     * The pick and why.
     *
     * @param candidate the chosen frame
     * @param score     its score
     * @param reason    {@code creator}, {@code scored} or {@code first-frame}
     */
    public record Pick(SampledVideo.Candidate candidate, FrameScore score, String reason) {}

    /** @param candidates at least one */
    public static Pick pick(List<SampledVideo.Candidate> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("there is no candidate to pick a poster from");
        }
        for (SampledVideo.Candidate candidate : candidates) {
            if (candidate.chosen()) {
                return new Pick(candidate, score(candidate), "creator");
            }
        }
        List<SampledVideo.Candidate> grid = candidates.stream().filter(c -> !c.opening()).toList();
        if (grid.isEmpty()) {
            return new Pick(candidates.getFirst(), score(candidates.getFirst()), "first-frame");
        }
        // Earliest wins a tie: the same shot scored twice should give the same poster every time.
        return grid.stream()
                .map(candidate -> new Pick(candidate, score(candidate), "scored"))
                .max(Comparator.comparingDouble((Pick pick) -> pick.score().total())
                        .thenComparing(pick -> -pick.candidate().timeSec()))
                .orElseThrow();
    }

    private static FrameScore score(SampledVideo.Candidate candidate) {
        return FrameScore.of(candidate.analysis(), candidate.companion());
    }
}
