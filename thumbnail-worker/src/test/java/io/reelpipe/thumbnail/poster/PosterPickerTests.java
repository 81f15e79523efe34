package io.reelpipe.thumbnail.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.thumbnail.TestFrames;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import io.reelpipe.thumbnail.sampling.SampledVideo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PosterPickerTests {

    private static final RgbFrame DETAILED = RgbFrame.of(TestFrames.detailed(256, 144));
    private static final RgbFrame BLACK = FrameScoreTests.solid(0x000000);

    @Test
    void theBestScoringFrameOfTheGridWins() {
        PosterPicker.Pick pick = PosterPicker.pick(List.of(
                candidate(0, DETAILED, true, false),
                candidate(1, BLACK, false, false),
                candidate(2, DETAILED, false, false),
                candidate(3, BLACK, false, false)));

        assertThat(pick.candidate().timeSec()).isEqualTo(2);
        assertThat(pick.reason()).isEqualTo("scored");
    }

    @Test
    void ofEqualFramesTheEarliestWins() {
        PosterPicker.Pick pick = PosterPicker.pick(List.of(
                candidate(1, DETAILED, false, false), candidate(2, DETAILED, false, false)));

        assertThat(pick.candidate().timeSec()).isEqualTo(1);
    }

    @Test
    void theCreatorsChoiceWinsWhateverItsScore() {
        PosterPicker.Pick pick = PosterPicker.pick(List.of(
                candidate(1, DETAILED, false, false), candidate(2, BLACK, false, true)));

        assertThat(pick.candidate().timeSec()).isEqualTo(2);
        assertThat(pick.reason()).isEqualTo("creator");
    }

    @Test
    void theFirstFrameIsUsedOnlyWhenTheGridIsEmpty() {
        PosterPicker.Pick pick = PosterPicker.pick(List.of(candidate(0, BLACK, true, false)));

        assertThat(pick.candidate().timeSec()).isZero();
        assertThat(pick.reason()).isEqualTo("first-frame");
        assertThatThrownBy(() -> PosterPicker.pick(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static SampledVideo.Candidate candidate(double time, RgbFrame frame, boolean opening, boolean chosen) {
        return new SampledVideo.Candidate(time, frame, null, Path.of("poster-" + time + ".png"), opening, chosen);
    }
}
