package io.reelpipe.thumbnail.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.reelpipe.thumbnail.TestFrames;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PosterEncoderTests {

    private final PosterEncoder encoder = new PosterEncoder(List.of(320, 640));

    @Test
    void landscapeFrameGetsWebpAndJpegAtEveryWidthThatDecodeToTheStatedSize() throws IOException {
        List<EncodedImage> images = encoder.encode(TestFrames.detailed(1920, 1080));

        assertThat(images).extracting(EncodedImage::format, EncodedImage::size).containsExactly(
                tuple(ImageFormat.WEBP, new PosterSize(320, 180)),
                tuple(ImageFormat.JPEG, new PosterSize(320, 180)),
                tuple(ImageFormat.WEBP, new PosterSize(640, 360)),
                tuple(ImageFormat.JPEG, new PosterSize(640, 360)));
        assertDecodeToTheirSizes(images);
    }

    @Test
    void portraitFrameGetsPortraitPosters() throws IOException {
        List<EncodedImage> images = encoder.encode(TestFrames.detailed(1080, 1920));

        assertThat(images).extracting(EncodedImage::size).containsExactly(
                new PosterSize(320, 569), new PosterSize(320, 569), new PosterSize(640, 1138),
                new PosterSize(640, 1138));
        assertThat(images).allSatisfy(image -> assertThat(image.size().height()).isGreaterThan(image.size().width()));
        assertDecodeToTheirSizes(images);
    }

    @Test
    void framesAreNeverUpscaled() throws IOException {
        List<EncodedImage> narrow = encoder.encode(TestFrames.detailed(480, 854));
        List<EncodedImage> tiny = encoder.encode(TestFrames.detailed(200, 120));

        assertThat(narrow).extracting(EncodedImage::size)
                .containsExactly(new PosterSize(320, 569), new PosterSize(320, 569), new PosterSize(480, 854),
                        new PosterSize(480, 854));
        assertThat(tiny).extracting(EncodedImage::size).containsOnly(new PosterSize(200, 120));
        assertDecodeToTheirSizes(narrow);
        assertDecodeToTheirSizes(tiny);
    }

    @Test
    void fullHdPortraitFrameGetsEveryWidthOfTheDefaultLadder() throws IOException {
        PosterEncoder defaults = new PosterEncoder(List.of(1080, 160, 640, 320));

        List<EncodedImage> images = defaults.encode(TestFrames.detailed(1080, 1920));

        assertThat(images).extracting(EncodedImage::format, EncodedImage::size).containsExactly(
                tuple(ImageFormat.WEBP, new PosterSize(160, 284)),
                tuple(ImageFormat.JPEG, new PosterSize(160, 284)),
                tuple(ImageFormat.WEBP, new PosterSize(320, 569)),
                tuple(ImageFormat.JPEG, new PosterSize(320, 569)),
                tuple(ImageFormat.WEBP, new PosterSize(640, 1138)),
                tuple(ImageFormat.JPEG, new PosterSize(640, 1138)),
                tuple(ImageFormat.WEBP, new PosterSize(1080, 1920)),
                tuple(ImageFormat.JPEG, new PosterSize(1080, 1920)));
        assertDecodeToTheirSizes(images);
    }

    @Test
    void eachSizeIsResizedFromTheNextLargerOneAndKeepsThePicture() {
        List<PosterEncoder.Resized> resized = new PosterEncoder(List.of(160, 320, 640, 1080))
                .resize(TestFrames.detailed(1920, 1080));

        assertThat(resized).extracting(PosterEncoder.Resized::size).containsExactly(new PosterSize(160, 90),
                new PosterSize(320, 180), new PosterSize(640, 360), new PosterSize(1080, 608));
        // The detailed frame's red rises left to right and its green top to bottom, at every size.
        for (PosterEncoder.Resized r : resized) {
            BufferedImage image = r.image();
            int w = image.getWidth();
            int h = image.getHeight();
            assertThat((image.getRGB(w - 3, h / 2) >> 16) & 0xff).as("red at the right of %s", r.size())
                    .isGreaterThan((image.getRGB(2, h / 2) >> 16) & 0xff);
            assertThat((image.getRGB(w / 2, h - 3) >> 8) & 0xff).as("green at the bottom of %s", r.size())
                    .isGreaterThan((image.getRGB(w / 2, 2) >> 8) & 0xff);
        }
    }

    @Test
    void aLargeReductionAveragesFineDetailInsteadOfSkippingPixels() {
        // A checkerboard of 2-pixel squares reduced twelvefold must come out mid-grey, not a moire of samples.
        BufferedImage checkers = new BufferedImage(1920, 1080, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 1080; y++) {
            for (int x = 0; x < 1920; x++) {
                checkers.setRGB(x, y, ((x / 2) + (y / 2)) % 2 == 0 ? 0xffffff : 0x000000);
            }
        }

        BufferedImage small = new PosterEncoder(List.of(160)).resize(checkers).getFirst().image();

        for (int y = 10; y < 80; y += 7) {
            for (int x = 10; x < 150; x += 13) {
                assertThat(small.getRGB(x, y) & 0xff).as("blue at %d,%d", x, y).isBetween(80, 175);
            }
        }
    }

    @Test
    void jpegPostersAreProgressive() throws IOException {
        List<EncodedImage> images = encoder.encode(TestFrames.detailed(1280, 720));

        assertThat(images).filteredOn(image -> image.format() == ImageFormat.JPEG)
                .hasSize(2)
                .allSatisfy(image -> assertThat(TestFrames.isProgressiveJpeg(image.bytes())).isTrue());
    }

    @Test
    void webpPostersAreLossyAndDecodeThroughImageIo() throws IOException {
        List<EncodedImage> images = encoder.encode(TestFrames.detailed(1280, 720));

        List<EncodedImage> webps = images.stream().filter(image -> image.format() == ImageFormat.WEBP).toList();
        assertThat(webps).hasSize(2);
        for (EncodedImage webp : webps) {
            assertThat(TestFrames.webpChunk(webp.bytes())).isEqualTo("VP8 ");
            BufferedImage decoded = TestFrames.decode(webp.bytes());
            assertThat(decoded.getWidth()).isEqualTo(webp.size().width());
        }
    }

    @Test
    void lossyWebpIsSmallerThanTheJpegOfTheSameSizeOnFootage() throws IOException {
        List<EncodedImage> images = encoder.encode(TestFrames.natural(1920, 1080));

        EncodedImage webp = images.get(2);
        EncodedImage jpeg = images.get(3);
        assertThat(webp.size()).isEqualTo(jpeg.size());
        assertThat(webp.bytes().length).isLessThan(jpeg.bytes().length);
    }

    @Test
    void framesWithAlphaAreEncodedAsOpaqueRgb() throws IOException {
        BufferedImage argb = new BufferedImage(640, 360, BufferedImage.TYPE_INT_ARGB);
        argb.getGraphics().drawImage(TestFrames.detailed(640, 360), 0, 0, null);

        List<EncodedImage> images = encoder.encode(argb);

        assertThat(images).hasSize(4);
        assertDecodeToTheirSizes(images);
        BufferedImage jpeg = TestFrames.decode(images.get(3).bytes());
        assertThat(jpeg.getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void colorsSurviveTheRoundTrip() throws IOException {
        BufferedImage red = new BufferedImage(640, 360, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 360; y++) {
            for (int x = 0; x < 640; x++) {
                red.setRGB(x, y, 0xD02020);
            }
        }

        for (EncodedImage image : encoder.encode(red)) {
            int rgb = TestFrames.decode(image.bytes()).getRGB(100, 100);
            assertThat((rgb >> 16) & 0xff).as("red of %s", image.format()).isBetween(0xC0, 0xE0);
            assertThat((rgb >> 8) & 0xff).as("green of %s", image.format()).isBetween(0x10, 0x30);
            assertThat(rgb & 0xff).as("blue of %s", image.format()).isBetween(0x10, 0x30);
        }
    }

    private static void assertDecodeToTheirSizes(List<EncodedImage> images) throws IOException {
        for (EncodedImage image : images) {
            BufferedImage decoded = TestFrames.decode(image.bytes());
            assertThat(decoded.getWidth()).as("width of %s %s", image.format(), image.size())
                    .isEqualTo(image.size().width());
            assertThat(decoded.getHeight()).as("height of %s %s", image.format(), image.size())
                    .isEqualTo(image.size().height());
        }
    }
}
