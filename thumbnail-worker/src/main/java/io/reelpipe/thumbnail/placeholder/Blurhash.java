package io.reelpipe.thumbnail.placeholder;

import io.reelpipe.thumbnail.sampling.RgbFrame;

/**
 * A <a href="https://github.com/woltapp/blurhash">BlurHash</a> encoder: the image as a few cosine components in
 * linear light, quantised into a short base-83 string that every BlurHash decoder (web, iOS, Android) turns back into
 * a smooth blur. Follows the reference algorithm; the maximum AC value is taken over absolute values, as in the C and
 * Swift references and the algorithm's description.
 */
public final class Blurhash {

    private static final String BASE83 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    /** sRGB byte to linear light, precomputed. */
    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            double v = i / 255.0;
            LINEAR[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
    }

    private Blurhash() {}

    /**
     * The BlurHash of a frame with the component counts suited to its shape: 4 across and 3 down for landscape, the
     * other way round for portrait, so the blur has the same detail in either orientation.
     */
    public static String of(RgbFrame frame) {
        return frame.height() > frame.width() ? encode(frame, 3, 4) : encode(frame, 4, 3);
    }

    /**
     * Encodes a frame.
     *
     * @param componentsX horizontal components, 1-9
     * @param componentsY vertical components, 1-9
     */
    public static String encode(RgbFrame frame, int componentsX, int componentsY) {
        if (componentsX < 1 || componentsX > 9 || componentsY < 1 || componentsY > 9) {
            throw new IllegalArgumentException("BlurHash has 1-9 components each way, got " + componentsX + "x"
                    + componentsY);
        }
        int width = frame.width();
        int height = frame.height();
        double[][] cosX = cosines(componentsX, width);
        double[][] cosY = cosines(componentsY, height);
        double[][] factors = new double[componentsX * componentsY][3];
        byte[] rgb = frame.rgb();
        for (int j = 0; j < componentsY; j++) {
            for (int i = 0; i < componentsX; i++) {
                double normalisation = i == 0 && j == 0 ? 1 : 2;
                double r = 0;
                double g = 0;
                double b = 0;
                for (int y = 0; y < height; y++) {
                    double rowBasis = normalisation * cosY[j][y];
                    for (int x = 0; x < width; x++) {
                        double basis = rowBasis * cosX[i][x];
                        int p = (y * width + x) * 3;
                        r += basis * LINEAR[rgb[p] & 0xff];
                        g += basis * LINEAR[rgb[p + 1] & 0xff];
                        b += basis * LINEAR[rgb[p + 2] & 0xff];
                    }
                }
                double scale = 1.0 / (width * height);
                factors[j * componentsX + i] = new double[] {r * scale, g * scale, b * scale};
            }
        }

        StringBuilder hash = new StringBuilder();
        encode83(hash, (componentsX - 1) + (componentsY - 1) * 9, 1);
        double maximumValue = 1;
        if (factors.length > 1) {
            double actualMaximum = 0;
            for (int k = 1; k < factors.length; k++) {
                for (double v : factors[k]) {
                    actualMaximum = Math.max(actualMaximum, Math.abs(v));
                }
            }
            int quantisedMaximum = (int) Math.max(0, Math.min(82, Math.floor(actualMaximum * 166 - 0.5)));
            maximumValue = (quantisedMaximum + 1) / 166.0;
            encode83(hash, quantisedMaximum, 1);
        } else {
            encode83(hash, 0, 1);
        }
        double[] dc = factors[0];
        encode83(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
        for (int k = 1; k < factors.length; k++) {
            double[] ac = factors[k];
            encode83(hash, quantiseAc(ac[0], maximumValue) * 19 * 19 + quantiseAc(ac[1], maximumValue) * 19
                    + quantiseAc(ac[2], maximumValue), 2);
        }
        return hash.toString();
    }

    /** {@code cos(pi * component * position / size)} for every component and position. */
    private static double[][] cosines(int components, int size) {
        double[][] table = new double[components][size];
        for (int c = 0; c < components; c++) {
            for (int p = 0; p < size; p++) {
                table[c][p] = Math.cos(Math.PI * c * p / size);
            }
        }
        return table;
    }

    private static int quantiseAc(double value, double maximumValue) {
        double normalised = value / maximumValue;
        double signedRoot = Math.signum(normalised) * Math.sqrt(Math.abs(normalised));
        return (int) Math.max(0, Math.min(18, Math.floor(signedRoot * 9 + 9.5)));
    }

    /** Linear light back to an sRGB byte. */
    private static int toSrgb(double linear) {
        double v = Math.clamp(linear, 0, 1);
        return v <= 0.0031308 ? (int) (v * 12.92 * 255 + 0.5) : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    private static void encode83(StringBuilder out, int value, int length) {
        for (int i = 1; i <= length; i++) {
            int digit = (int) (value / (long) Math.pow(83, length - i) % 83);
            out.append(BASE83.charAt(digit));
        }
    }
}
