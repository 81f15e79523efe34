package io.reelpipe.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.ImageIO;

/** Frames and image checks the poster tests share. */
public final class TestFrames {

    private TestFrames() {}

    /** A frame with gradients and hard edges, so encoders and the resizer have real work; the type a PNG decodes to. */
    public static BufferedImage detailed(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / Math.max(1, width - 1);
                int g = y * 255 / Math.max(1, height - 1);
                int b = ((x / 16) + (y / 16)) % 2 == 0 ? 230 : 20;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /**
     * A frame shaped like camera footage rather than a test card: smooth colour fields with a little sensor grain.
     * Encoders rank differently on the two; WebP's advantage over JPEG is a property of footage like this.
     */
    public static BufferedImage natural(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random grain = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double red = Math.sin(x / 37.0) + Math.cos(y / 23.0 + x / 91.0);
                double green = Math.sin((x + y) / 53.0);
                double blue = Math.cos(x / 17.0) * Math.sin(y / 29.0);
                int r = channel(128 + 60 * red + grain.nextGaussian() * 4);
                int g = channel(128 + 70 * green + grain.nextGaussian() * 4);
                int b = channel(128 + 80 * blue + grain.nextGaussian() * 4);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int channel(double value) {
        return (int) Math.clamp(value, 0, 255);
    }

    /** Decodes image bytes with whatever ImageIO reader claims them. */
    public static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("ImageIO decodes the image").isNotNull();
        return image;
    }

    /** Whether a JPEG's frame header is progressive (SOF2) rather than baseline (SOF0/SOF1). */
    public static boolean isProgressiveJpeg(byte[] jpeg) {
        assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
        int i = 2;
        while (i + 4 <= jpeg.length) {
            assertThat(jpeg[i] & 0xff).as("marker at %d", i).isEqualTo(0xFF);
            int marker = jpeg[i + 1] & 0xff;
            switch (marker) {
                case 0xC2 -> {
                    return true;
                }
                case 0xC0, 0xC1 -> {
                    return false;
                }
                case 0xDA -> throw new AssertionError("scan data before any frame header");
                default -> i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
            }
        }
        throw new AssertionError("no frame header in the JPEG");
    }

    /** The WebP chunk after the RIFF header: {@code VP8 } is lossy, {@code VP8L} lossless. */
    public static String webpChunk(byte[] webp) {
        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        return new String(webp, 12, 4, StandardCharsets.US_ASCII);
    }
}
