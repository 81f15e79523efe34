package io.reelpipe.transcode.ladder;

import io.reelpipe.core.media.MediaInfo;
import io.reelpipe.core.media.SourceFilters;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the rungs for a source. Rungs are measured on the short side (portrait is the norm): 360, 720 and 1080, at
 * or below the source's own short side, never upscaled; a source between rungs also gets a rung at its own short
 * side, and a source below 360 gets one rung at its own size. Aspect is kept and both sides are made even.
 */
final class LadderPlanner {

    /** Standard rungs: short side and bit-rate ceiling at up to 30 frames per second. */
    private static final int[][] STANDARD = {{360, 1_000}, {720, 3_000}, {1080, 6_000}};

    private static final double OWN_RUNG_MARGIN = 1.15;

    static final double MAX_FRAME_RATE = 60;
    static final double DEFAULT_FRAME_RATE = 30;

    private LadderPlanner() {}

    static LadderPlan plan(MediaInfo.Stream video, boolean audio) {
        int width = video.displayWidth();
        int height = video.displayHeight();
        int shortSide = Math.min(width, height);
        double frameRate = frameRate(video.frameRate());
        // High frame rates need more bits for the same quality.
        double rateFactor = frameRate > 31 ? 1.5 : 1.0;
        List<Rung> rungs = new ArrayList<>();
        int highest = 0;
        for (int[] standard : STANDARD) {
            if (standard[0] <= shortSide) {
                rungs.add(rung(standard[0], width, height, (int) (standard[1] * rateFactor)));
                highest = standard[0];
            }
        }
        // The source's own size is worth a rung when it is clearly above the highest standard rung it reached
        // (a 540p source gets 360p and 540p; a 368p source just 360p).
        int own = even(Math.min(shortSide, STANDARD[STANDARD.length - 1][0]));
        if (own > highest * OWN_RUNG_MARGIN) {
            rungs.add(rung(own, width, height, (int) (ceilingFor(own) * rateFactor)));
        }
        return new LadderPlan(rungs, frameRate, audio, SourceFilters.forStream(video));
    }

    /** Constant output rate: the source's, capped at 60; unknown rates become 30. */
    static double frameRate(double source) {
        if (!(source > 0) || source > 1000) {
            return DEFAULT_FRAME_RATE;
        }
        return Math.min(MAX_FRAME_RATE, Math.round(source * 1000) / 1000.0);
    }

    private static Rung rung(int side, int width, int height, int maxrateKbps) {
        boolean portrait = height >= width;
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int scaledLong = even((int) Math.round((double) longSide * side / shortSide));
        int outWidth = portrait ? side : scaledLong;
        int outHeight = portrait ? scaledLong : side;
        return new Rung(side + "p", outWidth, outHeight, maxrateKbps);
    }

    /** Interpolates a ceiling for a rung between the standard ones by pixel count. */
    private static int ceilingFor(int side) {
        int[] previous = {0, 400};
        for (int[] standard : STANDARD) {
            if (side <= standard[0]) {
                double t = (double) (side - previous[0]) / (standard[0] - previous[0]);
                return (int) Math.round(previous[1] + t * (standard[1] - previous[1]));
            }
            previous = standard;
        }
        return STANDARD[STANDARD.length - 1][1];
    }

    private static int even(int value) {
        return Math.max(2, value - (value % 2));
    }
}
