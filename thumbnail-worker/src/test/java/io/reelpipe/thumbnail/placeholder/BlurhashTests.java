package io.reelpipe.thumbnail.placeholder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.core.contract.Placeholder;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The encoder against vectors from the reference implementation: woltapp's {@code blurhash} 2.0.5 from npm, run on
 * the same generated pixels ({@code encode(pixels, w, h, cx, cy)}).
 */
class BlurhashTests {

    @Test
    void landscapeGradientsMatchTheReferenceEncoder() {
        RgbFrame ramps = frame(32, 24, (x, y) -> new int[] {255 - x * 8, 40 + y * 8, (x * y) & 255});
        RgbFrame waves = frame(32, 18, (x, y) -> new int[] {(int) Math.round(127 + 120 * Math.sin(x / 5.0)),
            (int) Math.round(127 + 120 * Math.cos(y / 4.0)), (x * 7 + y * 3) & 255});

        assertThat(Blurhash.encode(ramps, 4, 3)).isEqualTo("L.Hxcz|=$1xCmUn$jvjcf{fSfTfP");
        assertThat(Blurhash.encode(waves, 4, 3)).isEqualTo("L:I4;d|-o4FvuXocfSX4g@flfOfl");
        assertThat(Blurhash.of(ramps)).as("landscape gets 4x3").isEqualTo(Blurhash.encode(ramps, 4, 3));
    }

    @Test
    void theLargestAcMagnitudeCountsWhateverItsSign() {
        // Here a negative component is the largest: the npm encoder, which takes the largest signed value, gives
        // "LDH27+2}|fO=y@NOo5aJh9fnfMfn" and clips that component; the C reference's absolute value keeps it. Ours
        // equals the npm encoder with that one line changed to Math.abs.
        RgbFrame frame = frame(32, 24, (x, y) -> new int[] {(x * 8) & 255, (y * 10) & 255, ((x + y) * 5) & 255});

        assertThat(Blurhash.encode(frame, 4, 3)).isEqualTo("LxH27+2jwzX7m9WYjvf5gIflfOfl");
    }

    @Test
    void portraitBlocksMatchTheReferenceEncoder() {
        RgbFrame frame = frame(24, 32, (x, y) -> new int[] {x < 12 ? 220 : 30, y < 16 ? 40 : 200, (x * y) % 256});

        assertThat(Blurhash.encode(frame, 3, 4)).isEqualTo("T_I#GP|=sQmBnijve,fSfTpBoMjs");
        assertThat(Blurhash.of(frame)).as("portrait gets 3x4").isEqualTo("T_I#GP|=sQmBnijve,fSfTpBoMjs");
    }

    @Test
    void aSolidFrameIsItsColourAlone() {
        RgbFrame frame = frame(8, 8, (x, y) -> new int[] {200, 100, 50});

        assertThat(Blurhash.encode(frame, 1, 1)).isEqualTo("00M|T9");
    }

    @Test
    void hashesAreValidPlaceholdersOfTheLengthTheirComponentsGive() {
        RgbFrame frame = frame(40, 30, (x, y) -> new int[] {x * 6, 255 - y * 8, (x * y) & 255});

        // The catalog stores up to 100 characters (48 components); the worker uses 12.
        for (int cx = 1; cx <= 7; cx += 3) {
            for (int cy = 1; cy <= 6; cy += 5) {
                String hash = Blurhash.encode(frame, cx, cy);
                assertThat(hash).hasSize(4 + 2 * cx * cy);
                assertThat(new Placeholder(hash, "#000000").blurhash()).isEqualTo(hash);
            }
        }
        assertThatThrownBy(() -> Blurhash.encode(frame, 0, 3)).hasMessageContaining("0x3");
        assertThatThrownBy(() -> Blurhash.encode(frame, 4, 10)).hasMessageContaining("4x10");
    }

    static RgbFrame frame(int width, int height, BiFunction<Integer, Integer, int[]> pixel) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] p = pixel.apply(x, y);
                int i = (y * width + x) * 3;
                rgb[i] = (byte) p[0];
                rgb[i + 1] = (byte) p[1];
                rgb[i + 2] = (byte) p[2];
            }
        }
        return new RgbFrame(width, height, rgb);
    }
}
