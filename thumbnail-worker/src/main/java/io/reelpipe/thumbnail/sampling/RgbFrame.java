package io.reelpipe.thumbnail.sampling;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * A small decoded frame as packed 8-bit RGB, row by row: what the analysis, the placeholder and the storyboard work
 * on. Frames come from ffmpeg as raw pixels, so no image decoder runs on them.
 *
 * @param width  pixels
 * @param height pixels
 * @param rgb    {@code width * height * 3} bytes, red first
 */
public record RgbFrame(int width, int height, byte[] rgb) {

    public RgbFrame {
        if (width < 1 || height < 1 || rgb.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("an RGB frame of " + width + "x" + height + " needs "
                    + (long) width * height * 3 + " bytes, got " + rgb.length);
        }
    }

    /** The packed {@code 0xRRGGBB} colour at a pixel. */
    public int rgbAt(int x, int y) {
        int i = (y * width + x) * 3;
        return ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
    }

    /** Luma per pixel (BT.601 weights, 0-255), row by row. */
    public float[] luma() {
        float[] luma = new float[width * height];
        for (int p = 0, i = 0; p < luma.length; p++, i += 3) {
            luma[p] = 0.299f * (rgb[i] & 0xff) + 0.587f * (rgb[i + 1] & 0xff) + 0.114f * (rgb[i + 2] & 0xff);
        }
        return luma;
    }

    /** A copy as an opaque {@link BufferedImage} (the type ImageIO's PNG reader produces for RGB). */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return image;
    }

    /** The pixels of any image, as RGB (alpha dropped). */
    public static RgbFrame of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        byte[] rgb = new byte[argb.length * 3];
        for (int p = 0, i = 0; p < argb.length; p++, i += 3) {
            rgb[i] = (byte) (argb[p] >> 16);
            rgb[i + 1] = (byte) (argb[p] >> 8);
            rgb[i + 2] = (byte) argb[p];
        }
        return new RgbFrame(width, height, rgb);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RgbFrame frame && frame.width == width && frame.height == height
                && Arrays.equals(frame.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbFrame[" + width + "x" + height + "]";
    }
}
