package io.reelpipe.thumbnail.poster;

import io.reelpipe.thumbnail.sampling.RgbFrame;

/**
 * How good a poster a frame would make, from its small analysis copy.
 *
 * <p>The measures, each normalised to 0-1:
 * <ul>
 *   <li><b>sharpness</b>: the variance of the Laplacian of luma; blur, motion blur and heavy compression flatten it;
 *   <li><b>detail</b>: the entropy of the luma histogram; a flat card or a sky has little;
 *   <li><b>colour</b>: the Hasler-Süsstrunk colourfulness; people pick colourful posters over grey ones;
 *   <li><b>exposure</b>: how close the mean luma is to mid-grey.
 * </ul>
 * They are weighted into one figure, which two judgements then cut down: a frame that is nearly black, nearly white or
 * nearly flat is {@linkplain #blank() blank}, and a frame whose companion shows the same picture at a different
 * brightness or contrast is in a {@linkplain #fading() fade}.
 *
 * @param sharpness variance of the Laplacian, normalised
 * @param detail    luma entropy over 8 bits
 * @param colour    colourfulness, normalised
 * @param exposure  1 at mid-grey, 0 at black or white
 * @param blank     nearly black, white or flat
 * @param fading    in a fade or a dissolve
 * @param total     the score: higher is better
 */
public record FrameScore(
        double sharpness, double detail, double colour, double exposure, boolean blank, boolean fading, double total) {

    /** Mean luma below this is black, above the white level white; a luma spread below the flat level is flat. */
    static final double BLACK_LEVEL = 24;
    static final double WHITE_LEVEL = 232;
    static final double FLAT_SPREAD = 10;

    /** Laplacian variance at which sharpness scores half: text and edges at analysis size sit well above it. */
    static final double SHARPNESS_HALF = 150;

    /** Colourfulness at which colour scores 1 ("quite colourful" in Hasler and Süsstrunk's scale). */
    static final double COLOURFUL = 60;

    /** A blank frame keeps this share of its score, a fading one this: usable only when nothing better exists. */
    static final double BLANK_FACTOR = 0.05;
    static final double FADE_FACTOR = 0.3;

    /**
     * Scores a frame.
     *
     * @param frame     the analysis copy
     * @param companion the analysis copy of a frame shortly after it, or {@code null}
     */
    public static FrameScore of(RgbFrame frame, RgbFrame companion) {
        float[] luma = frame.luma();
        double mean = mean(luma);
        double spread = Math.sqrt(variance(luma, mean));
        double laplacian = laplacianVariance(luma, frame.width(), frame.height());
        double sharpness = laplacian / (laplacian + SHARPNESS_HALF);
        double detail = entropy(luma) / 8;
        double colour = Math.min(1, colourfulness(frame) / COLOURFUL);
        double exposure = 1 - Math.abs(mean - 128) / 128;
        boolean blank = mean < BLACK_LEVEL || mean > WHITE_LEVEL || spread < FLAT_SPREAD;
        boolean fading = companion != null && fading(luma, mean, spread, companion);
        double total = 0.45 * sharpness + 0.25 * detail + 0.2 * colour + 0.1 * exposure;
        if (blank) {
            total *= BLANK_FACTOR;
        }
        if (fading) {
            total *= FADE_FACTOR;
        }
        return new FrameScore(sharpness, detail, colour, exposure, blank, fading, total);
    }

    /**
     * A fade (to or from black or white) or a dissolve changes brightness or contrast while the picture itself stays
     * where it is: the two frames correlate strongly, yet their mean or spread differ. Motion does the opposite (the
     * correlation drops, brightness holds), and a still shot changes neither.
     */
    private static boolean fading(float[] luma, double mean, double spread, RgbFrame companion) {
        if (companion.width() * companion.height() != luma.length) {
            return false;
        }
        float[] next = companion.luma();
        double nextMean = mean(next);
        double nextSpread = Math.sqrt(variance(next, nextMean));
        double covariance = 0;
        for (int i = 0; i < luma.length; i++) {
            covariance += (luma[i] - mean) * (next[i] - nextMean);
        }
        covariance /= luma.length;
        double correlation = spread > 0 && nextSpread > 0 ? covariance / (spread * nextSpread) : 0;
        boolean brightnessMoved = Math.abs(mean - nextMean) > 6;
        boolean contrastMoved = Math.abs(spread - nextSpread) > 0.1 * Math.max(spread, nextSpread);
        return correlation > 0.85 && (brightnessMoved || contrastMoved);
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(float[] values, double mean) {
        double sum = 0;
        for (float v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / values.length;
    }

    /** Variance of the 4-neighbour Laplacian over the interior pixels. */
    static double laplacianVariance(float[] luma, int width, int height) {
        if (width < 3 || height < 3) {
            return 0;
        }
        double sum = 0;
        double sumOfSquares = 0;
        int n = 0;
        for (int y = 1; y < height - 1; y++) {
            int row = y * width;
            for (int x = 1; x < width - 1; x++) {
                int i = row + x;
                double l = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i];
                sum += l;
                sumOfSquares += l * l;
                n++;
            }
        }
        double mean = sum / n;
        return sumOfSquares / n - mean * mean;
    }

    /** Shannon entropy of the 256-bin luma histogram, in bits (0-8). */
    private static double entropy(float[] luma) {
        int[] histogram = new int[256];
        for (float v : luma) {
            histogram[Math.clamp((int) v, 0, 255)]++;
        }
        double entropy = 0;
        for (int count : histogram) {
            if (count > 0) {
                double p = (double) count / luma.length;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        return entropy;
    }

    /** Hasler and Süsstrunk (2003): spread and mean of the opponent channels red-green and yellow-blue. */
    private static double colourfulness(RgbFrame frame) {
        byte[] rgb = frame.rgb();
        int n = rgb.length / 3;
        double sumRg = 0;
        double sumYb = 0;
        double sumRg2 = 0;
        double sumYb2 = 0;
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xff;
            int g = rgb[i + 1] & 0xff;
            int b = rgb[i + 2] & 0xff;
            double rg = r - g;
            double yb = 0.5 * (r + g) - b;
            sumRg += rg;
            sumYb += yb;
            sumRg2 += rg * rg;
            sumYb2 += yb * yb;
        }
        double meanRg = sumRg / n;
        double meanYb = sumYb / n;
        double spreadRg = Math.sqrt(Math.max(0, sumRg2 / n - meanRg * meanRg));
        double spreadYb = Math.sqrt(Math.max(0, sumYb2 / n - meanYb * meanYb));
        return Math.hypot(spreadRg, spreadYb) + 0.3 * Math.hypot(meanRg, meanYb);
    }
}
