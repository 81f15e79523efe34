package io.reelpipe.thumbnail.sampling;

import java.util.Locale;

/**
 * Which frames the single ffmpeg pass keeps, worked out from the probed duration before it starts.
 *
 * <p>Poster candidates sit on an even grid between {@link #openingSec} and {@link #endSec}: the first and last
 * moments are skipped, because openings fade in from black and endings fade out or hold a title card. Each candidate
 * has a companion frame {@link #companionOffsetSec} later, so the scorer can see whether the picture is in a fade. The
 * first frame of the video is always taken too, as the poster of last resort when every grid position lies past the
 * last decodable frame (audio outlasting the video, a container with a wrong duration).
 *
 * @param durationSec          the container's duration, 0 when unknown
 * @param openingSec           candidates start here
 * @param endSec               and end before here
 * @param candidateCount       grid positions
 * @param candidateIntervalSec the grid's step
 * @param companionOffsetSec   how far after each candidate its companion is
 * @param posterAtSec          the creator's chosen poster time, clamped into the video, or {@code null}
 * @param tileIntervalSec      one storyboard tile per this many seconds
 * @param maxTiles             storyboard tiles at most
 * @param previewSec           length of the animated preview
 * @param previewFps           its frame rate
 */
public record SamplingPlan(
        double durationSec,
        double openingSec,
        double endSec,
        int candidateCount,
        double candidateIntervalSec,
        double companionOffsetSec,
        Double posterAtSec,
        int tileIntervalSec,
        int maxTiles,
        double previewSec,
        int previewFps) {

    /** The longest stretch skipped at either end; shorter videos skip a tenth of their length. */
    static final double MAX_SKIP_SEC = 1.0;

    /** Companions trail their candidate by at most this: a fade changes visibly over a quarter second. */
    static final double MAX_COMPANION_OFFSET_SEC = 0.25;

    /** Storyboard steps a person reads easily on a timeline; the first that keeps the tiles within the limit wins. */
    private static final int[] TILE_STEPS = {1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60, 120, 300, 600};

    /**
     * The plan for a video.
     *
     * @param durationSec the probed duration (0 or NaN when unknown)
     * @param posterAtMs  the creator's poster time or {@code null}
     */
    public static SamplingPlan of(
            double durationSec, Long posterAtMs, int candidates, int maxTiles, double previewSec, int previewFps) {
        double duration = durationSec > 0 ? durationSec : 0;
        double skip = Math.min(MAX_SKIP_SEC, duration / 10);
        double opening = skip;
        double end = Math.max(opening, duration - skip);
        double interval = candidates > 0 && end > opening ? (end - opening) / candidates : 0;
        double companion = Math.min(MAX_COMPANION_OFFSET_SEC, interval / 2);
        Double posterAt = posterAtMs == null ? null
                : Math.clamp(posterAtMs / 1000.0, 0, Math.max(0, duration - 0.05));
        int tileInterval = TILE_STEPS[TILE_STEPS.length - 1];
        for (int step : TILE_STEPS) {
            if (Math.ceil(duration / step) <= maxTiles) {
                tileInterval = step;
                break;
            }
        }
        double preview = duration > 0 ? Math.min(previewSec, duration) : previewSec;
        return new SamplingPlan(duration, opening, end, interval > 0 ? candidates : 0, interval, companion, posterAt,
                tileInterval, maxTiles, preview, previewFps);
    }

    /** The {@code select} expression of the poster candidates: the first frame, the grid and the creator's choice. */
    String candidateSelect() {
        StringBuilder expression = new StringBuilder("eq(n,0)");
        if (candidateCount > 0) {
            expression.append('+').append(grid(openingSec));
        }
        if (posterAtSec != null) {
            // The first frame at or after the chosen time: nothing selected so far reaches it, this frame does.
            expression.append("+gte(t,").append(seconds(posterAtSec)).append(")*lt(prev_selected_t,")
                    .append(seconds(posterAtSec)).append(')');
        }
        return expression.toString();
    }

    /**
     * The {@code select} expression of the companions: the same grid, shifted. The first frame comes along (and is
     * never paired, as no candidate comes before it): ffmpeg fails a run in which any output receives no frame at all,
     * which a video ending before the grid's first companion would otherwise do.
     */
    String companionSelect() {
        return candidateCount > 0 && companionOffsetSec > 0
                ? "eq(n,0)+" + grid(openingSec + companionOffsetSec) : "eq(n,0)";
    }

    /** Frames a candidate output may hold at most: grid, first frame and the creator's choice. */
    int maxCandidates() {
        return candidateCount + 2;
    }

    /**
     * The first frame at or after each grid position: a frame is taken when it lies in a later grid cell than the
     * previously taken one, so a variable frame rate or a gap never shifts the rest of the grid.
     */
    private String grid(double from) {
        String start = seconds(from);
        String step = seconds(candidateIntervalSec);
        String until = seconds(from + candidateCount * candidateIntervalSec);
        return "gte(t," + start + ")*lt(t," + until + ")*(isnan(prev_selected_t)+gt(floor((t-" + start + ")/" + step
                + "),floor((prev_selected_t-" + start + ")/" + step + ")))";
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
