package io.reelpipe.thumbnail.poster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PosterSizeTests {

    private static final List<Integer> WIDTHS = List.of(320, 640);

    @Test
    void landscapeFrameGetsEveryWidthAtItsAspect() {
        assertThat(PosterSize.forFrame(1920, 1080, WIDTHS))
                .containsExactly(new PosterSize(320, 180), new PosterSize(640, 360));
    }

    @Test
    void portraitFrameGetsPortraitSizesRoundedToTheNearestPixel() {
        assertThat(PosterSize.forFrame(720, 1280, WIDTHS))
                .containsExactly(new PosterSize(320, 569), new PosterSize(640, 1138));
    }

    @Test
    void widthsWiderThanTheFrameAreReplacedByTheFramesOwnWidth() {
        assertThat(PosterSize.forFrame(500, 900, WIDTHS))
                .containsExactly(new PosterSize(320, 576), new PosterSize(500, 900));
        assertThat(PosterSize.forFrame(640, 360, WIDTHS))
                .containsExactly(new PosterSize(320, 180), new PosterSize(640, 360));
    }

    @Test
    void frameNarrowerThanEveryWidthGetsOnePosterAtItsOwnSize() {
        assertThat(PosterSize.forFrame(200, 356, WIDTHS)).containsExactly(new PosterSize(200, 356));
        assertThat(PosterSize.forFrame(16, 16, WIDTHS)).containsExactly(new PosterSize(16, 16));
    }

    @Test
    void extremelyWideFrameStillGetsAtLeastOnePixelOfHeight() {
        assertThat(PosterSize.forFrame(1920, 2, WIDTHS))
                .containsExactly(new PosterSize(320, 1), new PosterSize(640, 1));
    }
}
