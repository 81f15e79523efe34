package io.reelpipe.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
