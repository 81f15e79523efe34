package io.reelpipe.transcode.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.media.MediaInfo;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LadderPlannerTests {

    private static MediaInfo.Stream video(int width, int height, int rotation, double fps) {
        return new MediaInfo.Stream(0, "video", "h264", width, height, rotation, fps, "yuv420p", "", "progressive", 0,
                0, false);
    }

    private static List<String> rungs(LadderPlan plan) {
        return plan.rungs().stream().map(r -> r.name() + "=" + r.width() + "x" + r.height()).toList();
    }

    @ParameterizedTest(name = "{0}x{1} rotated {2} gets {3}")
    @CsvSource(delimiter = ';', value = {
        "1080;1920;0;360p=360x640 720p=720x1280 1080p=1080x1920",
        "1920;1080;0;360p=640x360 720p=1280x720 1080p=1920x1080",
        "720;1080;0;360p=360x540 720p=720x1080",
        "960;540;0;360p=640x360 540p=960x540",
        "640;360;0;360p=640x360",
        "1280;720;90;360p=360x640 720p=720x1280",
        "7680;4320;0;360p=640x360 720p=1280x720 1080p=1920x1080",
        "320;240;0;240p=320x240",
        "651;367;0;360p=638x360",
        "17;15;0;14p=16x14"
    })
    void rungsAreMeasuredOnTheShortSideAndNeverUpscaled(int width, int height, int rotation, String expected) {
        LadderPlan plan = LadderPlanner.plan(video(width, height, rotation, 30), true);
        assertThat(rungs(plan)).containsExactly(expected.split(" "));
        assertThat(plan.rungs()).allSatisfy(r -> {
            assertThat(r.width() % 2).isZero();
            assertThat(r.height() % 2).isZero();
        });
    }

    @ParameterizedTest(name = "source {0} fps is encoded at {1} fps")
    @CsvSource({"29.97,29.97", "60,60", "120,60", "0,30", "23.976,23.976"})
    void frameRateIsConstantAndCappedAtSixty(double source, double expected) {
        assertThat(LadderPlanner.plan(video(1280, 720, 0, source), false).frameRate()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} fps gives a GOP of {1} frames")
    @CsvSource({"30,60", "25,50", "60,120", "29.97,60"})
    void everySegmentIsOneGop(double fps, int gop) {
        assertThat(LadderPlanner.plan(video(1280, 720, 0, fps), false).gopFrames(2.0)).isEqualTo(gop);
    }
}
