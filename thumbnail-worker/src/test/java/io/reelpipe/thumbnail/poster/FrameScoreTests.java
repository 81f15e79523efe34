package io.reelpipe.thumbnail.poster;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.thumbnail.TestFrames;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class FrameScoreTests {

    private final RgbFrame detailed = RgbFrame.of(TestFrames.detailed(256, 144));

    @Test
    void blackWhiteAndFlatFramesAreBlankAndScoreFarBelowADetailedOne() {
        FrameScore good = FrameScore.of(detailed, null);

        for (RgbFrame blank : new RgbFrame[] {solid(0x000000), solid(0x101010), solid(0xffffff), solid(0x808080)}) {
            FrameScore score = FrameScore.of(blank, null);
            assertThat(score.blank()).as("%06x", blank.rgbAt(0, 0)).isTrue();
            assertThat(score.total()).isLessThan(good.total() * FrameScore.BLANK_FACTOR + 1e-9);
        }
        assertThat(good.blank()).isFalse();
    }

    @Test
    void aBlurredFrameIsLessSharpAndScoresLowerThanTheSameFrameInFocus() {
        FrameScore sharp = FrameScore.of(detailed, null);
        FrameScore blurred = FrameScore.of(boxBlur(boxBlur(detailed)), null);

        assertThat(blurred.sharpness()).isLessThan(sharp.sharpness() / 2);
        assertThat(blurred.total()).isLessThan(sharp.total());
    }

    @Test
    void aFrameWhoseCompanionIsTheSamePictureDarkerIsInAFade() {
        RgbFrame darker = map(detailed, v -> v * 7 / 10);

        FrameScore fading = FrameScore.of(detailed, darker);
        FrameScore steady = FrameScore.of(detailed, detailed);

        assertThat(fading.fading()).isTrue();
        assertThat(steady.fading()).isFalse();
        assertThat(fading.total()).isCloseTo(steady.total() * FrameScore.FADE_FACTOR,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void motionIsNotMistakenForAFade() {
        // The picture moved by a third of its width: brightness and contrast stay, the correlation does not.
        RgbFrame moved = shifted(detailed, 85);

        assertThat(FrameScore.of(detailed, moved).fading()).isFalse();
    }

    @Test
    void colourfulFramesScoreHigherThanTheirGreyVersion() {
        RgbFrame grey = grey(detailed);

        FrameScore colour = FrameScore.of(detailed, null);
        FrameScore mono = FrameScore.of(grey, null);

        assertThat(colour.colour()).isGreaterThan(0.5);
        assertThat(mono.colour()).isLessThan(0.05);
        assertThat(colour.total()).isGreaterThan(mono.total());
    }

    @Test
    void theLaplacianOfAFlatFrameHasNoVariance() {
        assertThat(FrameScore.laplacianVariance(new float[9 * 9], 9, 9)).isZero();
        assertThat(FrameScore.laplacianVariance(new float[4], 2, 2)).isZero();
    }

    static RgbFrame solid(int rgb) {
        byte[] pixels = new byte[64 * 36 * 3];
        for (int i = 0; i < pixels.length; i += 3) {
            pixels[i] = (byte) (rgb >> 16);
            pixels[i + 1] = (byte) (rgb >> 8);
            pixels[i + 2] = (byte) rgb;
        }
        return new RgbFrame(64, 36, pixels);
    }

    private static RgbFrame map(RgbFrame frame, IntUnaryOperator channel) {
        byte[] out = frame.rgb().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) channel.applyAsInt(out[i] & 0xff);
        }
        return new RgbFrame(frame.width(), frame.height(), out);
    }

    private static RgbFrame grey(RgbFrame frame) {
        byte[] out = new byte[frame.rgb().length];
        float[] luma = frame.luma();
        for (int p = 0; p < luma.length; p++) {
            byte y = (byte) Math.round(luma[p]);
            out[3 * p] = y;
            out[3 * p + 1] = y;
            out[3 * p + 2] = y;
        }
        return new RgbFrame(frame.width(), frame.height(), out);
    }

    private static RgbFrame shifted(RgbFrame frame, int dx) {
        byte[] out = new byte[frame.rgb().length];
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++) {
                int from = (y * frame.width() + (x + dx) % frame.width()) * 3;
                System.arraycopy(frame.rgb(), from, out, (y * frame.width() + x) * 3, 3);
            }
        }
        return new RgbFrame(frame.width(), frame.height(), out);
    }

    /** A 5x5 box blur, edges clamped. */
    private static RgbFrame boxBlur(RgbFrame frame) {
        int w = frame.width();
        int h = frame.height();
        byte[] in = frame.rgb();
        byte[] out = new byte[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    for (int dy = -2; dy <= 2; dy++) {
                        for (int dx = -2; dx <= 2; dx++) {
                            int sx = Math.clamp(x + dx, 0, w - 1);
                            int sy = Math.clamp(y + dy, 0, h - 1);
                            sum += in[(sy * w + sx) * 3 + c] & 0xff;
                        }
                    }
                    out[(y * w + x) * 3 + c] = (byte) (sum / 25);
                }
            }
        }
        return new RgbFrame(w, h, out);
    }
}
