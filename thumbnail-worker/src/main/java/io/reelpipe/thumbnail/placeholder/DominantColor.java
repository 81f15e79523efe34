package io.reelpipe.thumbnail.placeholder;

import io.reelpipe.thumbnail.sampling.RgbFrame;
import java.util.HexFormat;

/**
 * The colour most of a frame is: pixels are counted in a coarse colour histogram (16 levels a channel, 4096 boxes)
 * and the fullest box's average colour wins. Unlike the plain average, which mixes a red shirt and a blue sky into a
 * grey nobody saw, this is a colour that is really in the picture; the coarse boxes make noise and gradients count
 * together.
 */
public final class DominantColor {

    private static final int LEVEL_BITS = 4;

    private DominantColor() {}

    /** The dominant colour as {@code #rrggbb}. */
    public static String of(RgbFrame frame) {
        int boxes = 1 << (3 * LEVEL_BITS);
        int[] counts = new int[boxes];
        long[] sums = new long[boxes * 3];
        byte[] rgb = frame.rgb();
        int shift = 8 - LEVEL_BITS;
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xff;
            int g = rgb[i + 1] & 0xff;
            int b = rgb[i + 2] & 0xff;
            int box = ((r >> shift) << (2 * LEVEL_BITS)) | ((g >> shift) << LEVEL_BITS) | (b >> shift);
            counts[box]++;
            sums[box * 3] += r;
            sums[box * 3 + 1] += g;
            sums[box * 3 + 2] += b;
        }
        int fullest = 0;
        for (int box = 1; box < boxes; box++) {
            if (counts[box] > counts[fullest]) {
                fullest = box;
            }
        }
        int n = counts[fullest];
        byte[] colour = {
            (byte) Math.round((double) sums[fullest * 3] / n),
            (byte) Math.round((double) sums[fullest * 3 + 1] / n),
            (byte) Math.round((double) sums[fullest * 3 + 2] / n)
        };
        return "#" + HexFormat.of().formatHex(colour);
    }
}
