package io.reelpipe.thumbnail.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaLimits;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.testkit.SampleMedia;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grabber against the bundled ffmpeg, on media generated here. */
class FrameGrabberTests {

    /** Black with a white band along the top edge: shows which way up a frame is. */
    private static final String BAND_ON_TOP =
            "color=c=black:s=640x360:r=30:d=1,drawbox=x=0:y=0:w=640:h=60:color=white:t=fill";
    private static final List<String> H264 = List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

    @TempDir
    Path dir;

    private final FrameGrabber grabber = new FrameGrabber(FfmpegBinaries.bundled(), Duration.ofSeconds(30));
    private final FrameDecoder decoder = new FrameDecoder(FrameGrabber.MAX_SIDE);

    @Test
    void posterTimeIsAThirdOfTheWayInAndInsideTheVideo() {
        assertThat(FrameGrabber.posterTime(9)).isEqualTo(3.0);
        assertThat(FrameGrabber.posterTime(0.6)).isCloseTo(0.1, offset(1e-9));
        assertThat(FrameGrabber.posterTime(0.3)).isZero();
        assertThat(FrameGrabber.posterTime(0)).isZero();
        assertThat(FrameGrabber.posterTime(Double.NaN)).isZero();
    }

    @Test
    void commandReadsOnlyTheSniffedDemuxerFromALocalFile() throws Exception {
        SourceInspector.Source source = probe(SampleMedia.generate(dir, "in.mp4", 1, 320, 240, false));

        List<String> command = grabber.command(source, 0.333, dir.resolve("out.png"));

        String joined = String.join(" ", command);
        assertThat(joined).contains("-protocol_whitelist file -format_whitelist mov -f mov -ss 0.333 -i file:/");
        assertThat(command.indexOf("-f")).isLessThan(command.indexOf("-i"));
        assertThat(command.getLast()).isEqualTo("file:" + dir.resolve("out.png").toAbsolutePath());
    }

    @Test
    void portraitSourceGivesAPortraitFrame() throws Exception {
        SourceInspector.Source source = probe(SampleMedia.generate(dir, "portrait.mp4", 1, 360, 640, false));

        BufferedImage frame = decoder.decode(grabber.grab(source, dir));

        assertThat(frame.getWidth()).isEqualTo(360);
        assertThat(frame.getHeight()).isEqualTo(640);
    }

    @Test
    void rotatedSourceGivesAnUprightFrame() throws Exception {
        Path upright = SampleMedia.ffmpeg(dir, "upright.mp4", concat(List.of("-f", "lavfi", "-i", BAND_ON_TOP), H264));
        Path rotated = SampleMedia.ffmpeg(dir, "rotated.mp4",
                List.of("-display_rotation", "90", "-i", upright.toString(), "-c", "copy"));
        SourceInspector.Source source = probe(rotated);
        assertThat(source.probed().video().rotation()).isNotZero();

        BufferedImage frame = decoder.decode(grabber.grab(source, dir));

        assertThat(frame.getWidth()).isEqualTo(360);
        assertThat(frame.getHeight()).isEqualTo(640);
        // The band along the top of the coded picture now runs down one side.
        assertThat(isBright(frame, 180, 5)).as("top edge is dark").isFalse();
        assertThat(isBright(frame, 5, 320) ^ isBright(frame, 354, 320)).as("exactly one side edge is bright").isTrue();
    }

    @Test
    void upsideDownSourceIsTurnedTheRightWayUp() throws Exception {
        Path upright = SampleMedia.ffmpeg(dir, "upright.mp4", concat(List.of("-f", "lavfi", "-i", BAND_ON_TOP), H264));
        Path flipped = SampleMedia.ffmpeg(dir, "flipped.mp4",
                List.of("-display_rotation", "180", "-i", upright.toString(), "-c", "copy"));

        BufferedImage frame = decoder.decode(grabber.grab(probe(flipped), dir));

        assertThat(frame.getWidth()).isEqualTo(640);
        assertThat(frame.getHeight()).isEqualTo(360);
        assertThat(isBright(frame, 320, 5)).as("top edge is dark").isFalse();
        assertThat(isBright(frame, 320, 354)).as("bottom edge is bright").isTrue();
    }

    @Test
    void largeSourceIsScaledDownToTheLongSideLimit() throws Exception {
        SourceInspector.Source source = probe(SampleMedia.generate(dir, "large.mp4", 0.5, 2560, 1440, false));

        BufferedImage frame = decoder.decode(grabber.grab(source, dir));

        assertThat(frame.getWidth()).isEqualTo(1920);
        assertThat(frame.getHeight()).isEqualTo(1080);
    }

    @Test
    void nonSquarePixelsAreMadeSquare() throws Exception {
        Path anamorphic = SampleMedia.ffmpeg(dir, "anamorphic.mp4", concat(
                List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=0.5,setsar=2"), H264));

        BufferedImage frame = decoder.decode(grabber.grab(probe(anamorphic), dir));

        assertThat(frame.getWidth()).isEqualTo(1280);
        assertThat(frame.getHeight()).isEqualTo(360);
    }

    @Test
    void seekingPastTheLastVideoFrameFallsBackToTheFirstFrame() throws Exception {
        // 0.4 s of video in a 3 s file: a third of the way in is past the video's end.
        Path shortVideo = SampleMedia.ffmpeg(dir, "short-video.mp4", concat(List.of(
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=0.4",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3"), concat(H264,
                List.of("-c:a", "aac"))));
        SourceInspector.Source source = probe(shortVideo);
        assertThat(FrameGrabber.posterTime(source.probed().info().durationSec())).isGreaterThan(0.5);

        BufferedImage frame = decoder.decode(grabber.grab(source, dir));

        assertThat(frame.getWidth()).isEqualTo(320);
    }

    @Test
    void undecodableVideoIsRejectedWithAReason() throws Exception {
        Path good = SampleMedia.ffmpeg(dir, "good.mp4", concat(
                List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=1"),
                concat(H264, List.of("-movflags", "+faststart"))));
        Path corrupt = dir.resolve("corrupt.mp4");
        Files.write(corrupt, scrambleMediaData(Files.readAllBytes(good)));
        SourceInspector.Source source = probe(corrupt);

        assertThatThrownBy(() -> grabber.grab(source, dir))
                .isInstanceOf(MediaRejectedException.class)
                .hasMessageStartingWith("no frame could be decoded: Invalid NAL unit size")
                .hasMessageNotContaining(" @ 0x");
        assertThat(dir.resolve("poster-frame.png")).doesNotExist();
    }

    @Test
    void diagnosticsKeepTheFirstErrorWithoutComponentNames() {
        FrameGrabber.Diagnostics diagnostics = new FrameGrabber.Diagnostics();
        diagnostics.accept("[h264 @ 0x55a3b4151d00] Invalid NAL unit size (1142981180 > 8640).");
        diagnostics.accept("[h264 @ 0x55a3b4151d00] missing picture in access unit with size 8644");
        diagnostics.accept("[vist#0:0/h264 @ 0x1] [dec:h264 @ 0x2] Decode error rate 1 exceeds maximum 0.666667");

        assertThat(diagnostics.summary()).isEqualTo("Invalid NAL unit size (1142981180 > 8640).");
        assertThat(new FrameGrabber.Diagnostics().summary()).isEmpty();
    }

    private SourceInspector.Source probe(Path file) throws Exception {
        MediaProbe probe = new MediaProbe(FfmpegBinaries.bundled(), MediaLimits.SHORT_VIDEO, Duration.ofSeconds(30));
        return new SourceInspector.Source(file, probe.inspect(file, dir));
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

    private static boolean isBright(BufferedImage frame, int x, int y) {
        int rgb = frame.getRGB(x, y);
        int luma = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
        return luma > 128;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
