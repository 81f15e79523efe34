package io.reelpipe.thumbnail.poster;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.thumbnail.TestSources;
import io.reelpipe.thumbnail.sampling.FrameDecoder;
import io.reelpipe.thumbnail.sampling.FrameSampler;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import io.reelpipe.thumbnail.sampling.SampledVideo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sampling and scoring together on generated videos, the way the worker picks a poster. */
class PosterSelectionTests {

    @TempDir
    Path dir;

    private final FrameSampler sampler = TestSources.sampler();

    @Test
    void aVideoThatOpensOnBlackAndFadesOutGetsItsPosterFromTheDetailedMiddle() throws Exception {
        // 3 s of black, 2 s of test pattern, then a 1 s fade to black: a third of the way in is still black.
        Path video = blackThen(3, "testsrc2=s=320x240:r=30:d=3,fade=t=out:st=2:d=1");

        PosterPicker.Pick pick = pick(video, null);

        assertThat(pick.reason()).isEqualTo("scored");
        assertThat(pick.candidate().timeSec()).isBetween(3.0, 5.0);
        RgbFrame poster = RgbFrame.of(new FrameDecoder(FrameSampler.MAX_POSTER_SIDE).decode(pick.candidate().frame()));
        assertThat(FrameScore.of(poster, null).blank()).isFalse();
    }

    @Test
    void aFadeInIsPassedOverForTheSteadyPictureAfterIt() throws Exception {
        Path video = TestSources.h264(dir, "fade-in.mp4", "testsrc2=s=320x240:r=30:d=6,fade=t=in:st=0:d=3");

        PosterPicker.Pick pick = pick(video, null);

        assertThat(pick.candidate().timeSec()).isGreaterThanOrEqualTo(3.0);
    }

    @Test
    void theCreatorsChosenTimeOverridesTheScore() throws Exception {
        Path video = blackThen(2, "testsrc2=s=320x240:r=30:d=2");

        PosterPicker.Pick pick = pick(video, 1500L);

        assertThat(pick.reason()).isEqualTo("creator");
        assertThat(pick.candidate().timeSec()).isBetween(1.5, 1.5 + 1 / 30.0);
        assertThat(pick.score().blank()).as("the creator's black frame is kept all the same").isTrue();
    }

    /** Seconds of black, then the given lavfi source, as one H.264 file. */
    private Path blackThen(int blackSeconds, String then) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "-f", "lavfi", "-i", "color=c=black:s=320x240:r=30:d=" + blackSeconds,
                "-f", "lavfi", "-i", then,
                "-filter_complex", "[0][1]concat=n=2:v=1:a=0"));
        args.addAll(TestSources.H264);
        return SampleMedia.ffmpeg(dir, "black-then-detail.mp4", args);
    }

    private PosterPicker.Pick pick(Path video, Long posterAtMs) throws Exception {
        SourceInspector.Source source = TestSources.probe(video, dir);
        SampledVideo sampled = sampler.sample(source, sampler.plan(source, posterAtMs), dir);
        return PosterPicker.pick(sampled.candidates());
    }
}
