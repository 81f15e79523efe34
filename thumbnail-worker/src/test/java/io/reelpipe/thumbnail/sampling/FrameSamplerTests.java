package io.reelpipe.thumbnail.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.thumbnail.TestSources;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single ffmpeg pass against the bundled ffmpeg, on media generated here. */
class FrameSamplerTests {

    /** Black with a white band along the top edge: shows which way up a frame is. */
    private static final String BAND_ON_TOP =
            "color=c=black:s=640x360:r=30:d=1,drawbox=x=0:y=0:w=640:h=60:color=white:t=fill";

    @TempDir
    Path dir;

    private final FrameSampler sampler = TestSources.sampler();
    private final FrameDecoder decoder = new FrameDecoder(FrameSampler.MAX_POSTER_SIDE);

    @Test
    void commandReadsOnlyTheSniffedDemuxerFromALocalFileAndWritesOnlyIntoItsDirectory() throws Exception {
        SourceInspector.Source source = TestSources.probe(SampleMedia.generate(dir, "in.mp4", 1, 320, 240, false), dir);
        Path out = dir.resolve("out");

        List<String> command = sampler.command(source, sampler.plan(source, null), out);

        String joined = String.join(" ", command);
        assertThat(joined).contains("-protocol_whitelist file -format_whitelist mov -f mov -i file:/");
        assertThat(command.indexOf("-f")).isLessThan(command.indexOf("-i"));
        assertThat(command.stream().filter(arg -> arg.startsWith("file:")).skip(1))
                .allSatisfy(arg -> assertThat(arg).startsWith("file:" + out.toAbsolutePath() + "/"));
        assertThat(command.stream().filter(arg -> arg.startsWith("file:"))).hasSize(1 + 5 + 3);
    }

    @Test
    void onePassYieldsCandidatesAcrossTheVideoTilesEverySecondAndAnAnimatedPreview() throws Exception {
        SourceInspector.Source source = TestSources.probe(SampleMedia.generate(dir, "six.mp4", 6, 320, 240, false),
                dir);
        SamplingPlan plan = sampler.plan(source, null);

        SampledVideo sampled = sampler.sample(source, plan, dir);

        // The first frame (kept for the worst case), then the grid between the skipped opening and ending.
        List<SampledVideo.Candidate> candidates = sampled.candidates();
        assertThat(candidates.getFirst().timeSec()).isZero();
        assertThat(candidates.getFirst().opening()).isTrue();
        assertThat(candidates.subList(1, candidates.size())).hasSize(8)
                .allSatisfy(c -> assertThat(c.timeSec()).isBetween(plan.openingSec(), plan.endSec()))
                .allSatisfy(c -> assertThat(c.opening()).isFalse())
                .allSatisfy(c -> assertThat(c.companion()).as("companion of %s", c.timeSec()).isNotNull());
        assertThat(candidates).allSatisfy(c -> {
            assertThat(c.analysis().width()).isEqualTo(256);
            assertThat(c.analysis().height()).isEqualTo(192);
            assertThat(c.frame()).isRegularFile();
        });
        assertThat(plan.tileIntervalSec()).isEqualTo(1);
        assertThat(sampled.tiles()).hasSize(6).allSatisfy(tile -> {
            assertThat(tile.width()).isEqualTo(160);
            assertThat(tile.height()).isEqualTo(120);
        });
        Path preview = sampled.preview().orElseThrow();
        byte[] webp = Files.readAllBytes(preview);
        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 8, StandardCharsets.US_ASCII)).as("extended WebP").isEqualTo("WEBPVP8X");
        assertThat(new String(webp, StandardCharsets.ISO_8859_1)).as("animated").contains("ANIM", "ANMF");
        assertThat(webpCanvas(webp)).containsExactly(320, 240);
    }

    @Test
    void portraitSourceGivesPortraitFramesEverywhere() throws Exception {
        SampledVideo sampled = sample(SampleMedia.generate(dir, "portrait.mp4", 1, 360, 640, false));

        BufferedImage poster = decoder.decode(sampled.candidates().getLast().frame());
        assertThat(poster.getWidth()).isEqualTo(360);
        assertThat(poster.getHeight()).isEqualTo(640);
        assertThat(sampled.candidates().getLast().analysis()).extracting(RgbFrame::width, RgbFrame::height)
                .containsExactly(144, 256);
        assertThat(sampled.tiles()).allSatisfy(tile -> assertThat(tile.height()).isEqualTo(160))
                .allSatisfy(tile -> assertThat(tile.width()).isEqualTo(90));
        assertThat(webpCanvas(Files.readAllBytes(sampled.preview().orElseThrow()))).containsExactly(180, 320);
    }

    @Test
    void rotatedSourceGivesUprightFrames() throws Exception {
        Path rotated = bandOnTopRotatedBy(90);
        assertThat(TestSources.probe(rotated, dir).probed().video().rotation()).isNotZero();

        SampledVideo sampled = sample(rotated);

        BufferedImage frame = decoder.decode(sampled.candidates().getLast().frame());
        assertThat(frame.getWidth()).isEqualTo(360);
        assertThat(frame.getHeight()).isEqualTo(640);
        // The band along the top of the coded picture now runs down one side.
        assertThat(isBright(frame.getRGB(180, 5))).as("top edge is dark").isFalse();
        assertThat(isBright(frame.getRGB(5, 320)) ^ isBright(frame.getRGB(354, 320)))
                .as("exactly one side edge is bright").isTrue();
        RgbFrame tile = sampled.tiles().getFirst();
        assertThat(tile.height()).isGreaterThan(tile.width());
        assertThat(isBright(tile.rgbAt(tile.width() / 2, 1))).as("tile top edge is dark").isFalse();
    }

    @Test
    void upsideDownSourceIsTurnedTheRightWayUp() throws Exception {
        Path flipped = bandOnTopRotatedBy(180);
        SampledVideo sampled = sample(flipped);

        BufferedImage frame = decoder.decode(sampled.candidates().getLast().frame());
        assertThat(frame.getWidth()).isEqualTo(640);
        assertThat(frame.getHeight()).isEqualTo(360);
        assertThat(isBright(frame.getRGB(320, 5))).as("top edge is dark").isFalse();
        assertThat(isBright(frame.getRGB(320, 354))).as("bottom edge is bright").isTrue();
        RgbFrame analysis = sampled.candidates().getLast().analysis();
        assertThat(isBright(analysis.rgbAt(128, analysis.height() - 2))).as("analysis bottom edge").isTrue();
    }

    @Test
    void posterCandidatesAreNoWiderThanTheWidestPosterNorTallerThanTheLimit() throws Exception {
        SampledVideo landscape = sample(SampleMedia.generate(dir, "large.mp4", 0.5, 2560, 1440, false));
        BufferedImage wide = decoder.decode(landscape.candidates().getFirst().frame());
        SampledVideo portrait = sample(SampleMedia.generate(dir, "tall.mp4", 0.5, 1440, 2560, false));
        BufferedImage tall = decoder.decode(portrait.candidates().getFirst().frame());

        assertThat(wide.getWidth()).isEqualTo(1080);
        assertThat(wide.getHeight()).isEqualTo(608);
        assertThat(tall.getWidth()).isEqualTo(1080);
        assertThat(tall.getHeight()).isEqualTo(1920);
    }

    @Test
    void nonSquarePixelsAreMadeSquare() throws Exception {
        Path anamorphic = TestSources.h264(dir, "anamorphic.mp4",
                "testsrc2=size=640x360:rate=30:duration=0.5,setsar=2");
        SampledVideo sampled = sample(anamorphic);

        BufferedImage frame = decoder.decode(sampled.candidates().getFirst().frame());
        assertThat(frame.getWidth()).isEqualTo(1080);
        assertThat(frame.getHeight()).isEqualTo(304);
        assertThat(sampled.tiles().getFirst()).extracting(RgbFrame::width, RgbFrame::height).containsExactly(160, 45);
    }

    @Test
    void videoEndingLongBeforeTheContainerStillYieldsItsFirstFrame() throws Exception {
        // 0.4 s of video in a 3 s file: every grid position is past the video's end.
        Path shortVideo = SampleMedia.ffmpeg(dir, "short-video.mp4", concat(List.of(
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=0.4",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3"),
                concat(TestSources.H264, List.of("-c:a", "aac"))));
        SourceInspector.Source source = TestSources.probe(shortVideo, dir);
        SamplingPlan plan = sampler.plan(source, null);
        assertThat(plan.openingSec()).isGreaterThan(0.25);

        SampledVideo sampled = sampler.sample(source, plan, dir);

        assertThat(sampled.candidates()).first().satisfies(first -> {
            assertThat(first.timeSec()).isZero();
            assertThat(first.opening()).isTrue();
        });
        assertThat(decoder.decode(sampled.candidates().getFirst().frame()).getWidth()).isEqualTo(320);
        assertThat(sampled.tiles()).hasSize(1);
    }

    @Test
    void theCreatorsChosenTimeIsACandidateAtThatFrame() throws Exception {
        SourceInspector.Source source = TestSources.probe(SampleMedia.generate(dir, "four.mp4", 4, 320, 240, false),
                dir);
        SamplingPlan plan = sampler.plan(source, 1234L);

        SampledVideo sampled = sampler.sample(source, plan, dir);

        List<SampledVideo.Candidate> chosen = sampled.candidates().stream().filter(SampledVideo.Candidate::chosen)
                .toList();
        assertThat(chosen).hasSize(1);
        // 30 fps: the first frame at or after 1.234 s is frame 38, at 1.2667 s.
        assertThat(chosen.getFirst().timeSec()).isBetween(1.234, 1.234 + 1 / 30.0);
    }

    @Test
    void undecodableVideoIsRejectedWithAReason() throws Exception {
        Path good = SampleMedia.ffmpeg(dir, "good.mp4", concat(
                List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=1"),
                concat(TestSources.H264, List.of("-movflags", "+faststart"))));
        Path corrupt = dir.resolve("corrupt.mp4");
        Files.write(corrupt, scrambleMediaData(Files.readAllBytes(good)));
        SourceInspector.Source source = TestSources.probe(corrupt, dir);

        assertThatThrownBy(() -> sampler.sample(source, sampler.plan(source, null), dir))
                .isInstanceOf(MediaRejectedException.class)
                .hasMessageStartingWith("no frame could be decoded: Invalid NAL unit size")
                .hasMessageNotContaining(" @ 0x");
    }

    @Test
    void diagnosticsKeepTheFirstErrorWithoutComponentNames() {
        FrameSampler.Diagnostics diagnostics = new FrameSampler.Diagnostics();
        diagnostics.accept("[h264 @ 0x55a3b4151d00] Invalid NAL unit size (1142981180 > 8640).");
        diagnostics.accept("[h264 @ 0x55a3b4151d00] missing picture in access unit with size 8644");
        diagnostics.accept("[vist#0:0/h264 @ 0x1] [dec:h264 @ 0x2] Decode error rate 1 exceeds maximum 0.666667");

        assertThat(diagnostics.summary()).isEqualTo("Invalid NAL unit size (1142981180 > 8640).");
        assertThat(new FrameSampler.Diagnostics().summary()).isEmpty();
    }

    /** The band-on-top clip with a display rotation flag (the pixels stay as coded). */
    private Path bandOnTopRotatedBy(int degrees) throws Exception {
        Path upright = TestSources.h264(dir, "upright.mp4", BAND_ON_TOP);
        return SampleMedia.ffmpeg(dir, "rotated-" + degrees + ".mp4",
                List.of("-display_rotation", String.valueOf(degrees), "-i", upright.toString(), "-c", "copy"));
    }

    /** Probes and samples a file, with no poster choice. */
    private SampledVideo sample(Path file) throws Exception {
        SourceInspector.Source source = TestSources.probe(file, dir);
        return sampler.sample(source, sampler.plan(source, null), dir);
    }

    /** The canvas size of an extended WebP, from its {@code VP8X} chunk (24-bit little-endian, minus one). */
    static List<Integer> webpCanvas(byte[] webp) {
        int width = 1 + (webp[24] & 0xff) + ((webp[25] & 0xff) << 8) + ((webp[26] & 0xff) << 16);
        int height = 1 + (webp[27] & 0xff) + ((webp[28] & 0xff) << 8) + ((webp[29] & 0xff) << 16);
        return List.of(width, height);
    }

    /** Overwrites everything after the {@code mdat} box header with noise: the index stays valid, the video does not. */
    private static byte[] scrambleMediaData(byte[] mp4) {
        String text = new String(mp4, StandardCharsets.ISO_8859_1);
        int mdat = text.indexOf("mdat");
        assertThat(mdat).as("the faststart file has its index before the media data").isPositive();
        Random random = new Random(42);
        for (int i = mdat + 4; i < mp4.length; i++) {
            mp4[i] = (byte) random.nextInt(256);
        }
        return mp4;
    }

    private static boolean isBright(int rgb) {
        int luma = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
        return luma > 128;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
