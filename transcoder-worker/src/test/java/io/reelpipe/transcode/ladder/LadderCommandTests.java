package io.reelpipe.transcode.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.media.ContainerFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderCommandTests {

    private final EncoderSettings settings = new EncoderSettings("veryfast", 23, 128, true);

    private List<String> command(LadderPlan plan) {
        return LadderCommand.build(Path.of("/opt/ffmpeg"), Path.of("/jobs/j1/source"), ContainerFormat.MP4, plan,
                settings, Path.of("/jobs/j1/hls"));
    }

    @Test
    void oneDecodeFeedsEveryRungThroughASplitWithAlignedForcedKeyFrames() {
        LadderPlan plan = new LadderPlan(List.of(new Rung("360p", 360, 640, 1000), new Rung("720p", 720, 1280, 3000)),
                30, true, "");

        List<String> argv = command(plan);

        assertThat(argv).containsSequence("-protocol_whitelist", "file", "-format_whitelist", "mov", "-f", "mov")
                .containsSequence("-i", "file:/jobs/j1/source")
                .containsSequence("-sc_threshold:v:0", "0").containsSequence("-sc_threshold:v:1", "0")
                .containsSequence("-g:v:1", "60").containsSequence("-maxrate:v:1", "3000k")
                .containsSequence("-hls_time", "2").containsSequence("-hls_segment_type", "fmp4")
                .containsSequence("-var_stream_map", "v:0,name:360p v:1,name:720p")
                .containsSequence("-map", "0:a:0", "-c:a", "aac")
                .containsSequence("-hls_segment_filename", "/jobs/j1/hls/audio/seg_%05d.m4s",
                        "/jobs/j1/hls/audio/index.m3u8");
        assertThat(argv.get(argv.indexOf("-filter_complex") + 1))
                .isEqualTo("[0:v:0]fps=30,split=2[s0][s1];[s0]scale=360:640:flags=bicubic,setsar=1,format=yuv420p,"
                        + LadderCommand.BT709 + "[v360p];[s1]scale=720:1280:flags=bicubic,setsar=1,format=yuv420p,"
                        + LadderCommand.BT709 + "[v720p]");
    }

    @Test
    void aRemuxedRungCopiesTheSourceStreamAndGetsNoEncoderOptions() {
        LadderPlan plan = new LadderPlan(List.of(new Rung("360p", 640, 360, 1000),
                new Rung("720p", 1280, 720, 3000, true)), 30, false, "");

        List<String> argv = command(plan);

        assertThat(argv).containsSequence("-map", "[v360p]").containsSequence("-map", "0:v:0")
                .containsSequence("-c:v:1", "copy").doesNotContain("-profile:v:1", "-crf:v:1", "0:a:0");
        assertThat(argv.get(argv.indexOf("-filter_complex") + 1)).contains("split=1").doesNotContain("720");
    }

    @Test
    void anEncodedLadderStartsWithAOneSecondSegmentThenKeepsTheTwoSecondGrid() {
        LadderPlan plan = new LadderPlan(List.of(new Rung("360p", 360, 640, 1000), new Rung("720p", 720, 1280, 3000)),
                30, true, "");

        List<String> argv = command(plan);

        String keyFrames = "expr:gte(t,if(lte(n_forced,1),n_forced*1,(n_forced-1)*2))";
        assertThat(argv).containsSequence("-hls_init_time", "1", "-hls_time", "2")
                .containsSequence("-force_key_frames:v:0", keyFrames)
                .containsSequence("-force_key_frames:v:1", keyFrames);
        // The audio output keeps 2 s segments from the start.
        assertThat(argv.subList(argv.indexOf("0:a:0"), argv.size())).containsSequence("-hls_init_time", "2");
    }

    @Test
    void aLadderWithARemuxedRungKeepsTheSourceGridFromTheFirstSegment() {
        LadderPlan plan = new LadderPlan(List.of(new Rung("360p", 640, 360, 1000),
                new Rung("720p", 1280, 720, 3000, true)), 30, false, "");

        assertThat(command(plan)).containsSequence("-hls_init_time", "2")
                .containsSequence("-force_key_frames:v:0", "expr:gte(t,n_forced*2)");
    }

    @Test
    void sourceFiltersRunOnceBeforeTheSplit() {
        LadderPlan plan = new LadderPlan(List.of(new Rung("360p", 640, 360, 1000)), 25, false, "bwdif");

        assertThat(command(plan).get(command(plan).indexOf("-filter_complex") + 1)).startsWith("[0:v:0]bwdif,fps=25,");
    }
}
