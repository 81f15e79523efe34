package io.reelpipe.thumbnail.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class SamplingPlanTests {

    @Test
    void candidatesSkipTheFirstAndLastSecondOfALongerVideo() {
        SamplingPlan plan = SamplingPlan.of(60, null, 16, 100, 3, 10);

        assertThat(plan.openingSec()).isEqualTo(1.0);
        assertThat(plan.endSec()).isEqualTo(59.0);
        assertThat(plan.candidateIntervalSec()).isCloseTo(58.0 / 16, offset(1e-9));
        assertThat(plan.companionOffsetSec()).isEqualTo(0.25);
        assertThat(plan.previewSec()).isEqualTo(3.0);
    }

    @Test
    void shortVideosSkipATenthAtEachEnd() {
        SamplingPlan plan = SamplingPlan.of(2, null, 8, 100, 3, 10);

        assertThat(plan.openingSec()).isCloseTo(0.2, offset(1e-9));
        assertThat(plan.endSec()).isCloseTo(1.8, offset(1e-9));
        assertThat(plan.companionOffsetSec()).isCloseTo(0.1, offset(1e-9));
        assertThat(plan.previewSec()).as("never longer than the video").isEqualTo(2.0);
    }

    @Test
    void theStoryboardStepGrowsWithTheDurationToStayWithinTheTileLimit() {
        assertThat(SamplingPlan.of(15, null, 16, 100, 3, 10).tileIntervalSec()).isEqualTo(1);
        assertThat(SamplingPlan.of(100, null, 16, 100, 3, 10).tileIntervalSec()).isEqualTo(1);
        assertThat(SamplingPlan.of(101, null, 16, 100, 3, 10).tileIntervalSec()).isEqualTo(2);
        assertThat(SamplingPlan.of(600, null, 16, 100, 3, 10).tileIntervalSec()).isEqualTo(6);
        assertThat(SamplingPlan.of(600, null, 16, 10, 3, 10).tileIntervalSec()).isEqualTo(60);
    }

    @Test
    void theCreatorsTimeIsClampedIntoTheVideo() {
        assertThat(SamplingPlan.of(10, 2500L, 16, 100, 3, 10).posterAtSec()).isEqualTo(2.5);
        assertThat(SamplingPlan.of(10, 60_000L, 16, 100, 3, 10).posterAtSec()).isCloseTo(9.95, offset(1e-9));
        assertThat(SamplingPlan.of(10, null, 16, 100, 3, 10).posterAtSec()).isNull();
        assertThat(SamplingPlan.of(10, 2500L, 16, 100, 3, 10).candidateSelect())
                .endsWith("+gte(t,2.500)*lt(prev_selected_t,2.500)");
    }

    @Test
    void anUnknownDurationStillTakesTheFirstFrameTilesAndAPreview() {
        SamplingPlan plan = SamplingPlan.of(Double.NaN, null, 16, 100, 3, 10);

        assertThat(plan.candidateCount()).isZero();
        assertThat(plan.candidateSelect()).isEqualTo("eq(n,0)");
        assertThat(plan.companionSelect()).isEqualTo("eq(n,0)");
        assertThat(plan.tileIntervalSec()).isEqualTo(1);
        assertThat(plan.previewSec()).isEqualTo(3.0);
    }

    @Test
    void theGridTakesTheFirstFrameInEachCellAfterThePreviousPick() {
        SamplingPlan plan = SamplingPlan.of(10, null, 4, 100, 3, 10);

        assertThat(plan.candidateSelect()).isEqualTo("eq(n,0)+gte(t,1.000)*lt(t,9.000)*(isnan(prev_selected_t)"
                + "+gt(floor((t-1.000)/2.000),floor((prev_selected_t-1.000)/2.000)))");
    }
}
