package io.reelpipe.thumbnail.placeholder;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.contract.Placeholder;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import org.junit.jupiter.api.Test;

class DominantColorTests {

    @Test
    void theColourCoveringMostOfTheFrameWinsOverTheAverage() {
        // Three fifths sky blue, two fifths red: the average would be a purple nobody sees.
        RgbFrame frame = BlurhashTests.frame(50, 20, (x, y) -> x < 30 ? new int[] {60, 140, 220} : new int[] {220, 30,
                30});

        assertThat(DominantColor.of(frame)).isEqualTo("#3c8cdc");
    }

    @Test
    void noiseAroundOneColourAveragesBackToIt() {
        RgbFrame frame = BlurhashTests.frame(64, 64, (x, y) -> {
            int jitter = (x * 7 + y * 3) % 5 - 2;
            return new int[] {100 + jitter, 180 + jitter, 40 + jitter};
        });

        assertThat(DominantColor.of(frame)).isEqualTo("#64b428");
    }

    @Test
    void theResultIsAPlaceholderColour() {
        RgbFrame black = BlurhashTests.frame(4, 4, (x, y) -> new int[] {0, 0, 0});

        assertThat(new Placeholder("00M|T9", DominantColor.of(black)).dominantColor()).isEqualTo("#000000");
    }
}
