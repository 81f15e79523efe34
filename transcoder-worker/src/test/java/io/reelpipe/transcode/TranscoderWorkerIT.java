package io.reelpipe.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.Rendition;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.transcode.validation.HlsValidator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transcoder worker end to end on RabbitMQ, S3 and the CDN edge: every output checked by {@link HlsValidator},
 * the shared sample files ending as their README says, and each source quirk handled.
 */
class TranscoderWorkerIT {

    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    static Path media;

    @TempDir
    Path work;

    static TranscoderHarness worker;

    @BeforeAll
    static void start() {
        worker = new TranscoderHarness(Map.of());
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    private HlsValidator.Report validate(TranscoderHarness.Outcome outcome) throws Exception {
        assertThat(outcome.ladder()).as("outcome %s", outcome).isPresent();
        HlsValidator.Report report = new HlsValidator(work).validate(worker.publicUrl(outcome.ladder().get().masterKey()));
        assertThat(report.problems()).as("HLS problems").isEmpty();
        return report;
    }

    private static List<String> rungs(TranscoderHarness.Outcome outcome) {
        return outcome.ladder().orElseThrow().renditions().stream()
                .map(r -> r.name() + "=" + r.width() + "x" + r.height()).toList();
    }

    @Test
    void aPortraitSourceIsPlayableFromItsLowestRungBeforeItsLadderIsReady() throws Exception {
        Path source = SampleMedia.generate(media, "portrait.mp4", 5, 540, 960, true);

        TranscoderHarness.Outcome outcome = worker.transcode(source, BOUND);

        assertThat(rungs(outcome)).containsExactly("360p=360x640", "540p=540x960");
        JobEvent.Playable playable = outcome.playable().orElseThrow();
        assertThat(outcome.events().indexOf(playable)).isLessThan(outcome.events().indexOf(outcome.ladder().get()));
        HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(worker.publicUrl(playable.liveMasterKey()))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("360p/live.m3u8").doesNotContain("540p");
        assertThat(live.headers().firstValue("Cache-Control")).hasValue("public, max-age=1");
        assertThat(outcome.events()).anyMatch(JobEvent.Progress.class::isInstance);

        HlsValidator.Report report = validate(outcome);
        assertThat(report.audio()).isTrue();
        assertThat(report.variants()).allSatisfy(v -> {
            assertThat(v.pixelFormat()).isEqualTo("yuv420p");
            assertThat(v.frameRate()).isEqualTo(30.0);
            assertThat(v.codecs()).as("H.264 High profile").startsWith("avc1.64");
        });
    }

    @ParameterizedTest(name = "{0} is READY with {1}")
    @CsvSource(delimiter = ';', value = {
        "sample_portrait.mp4;360p=360x540 720p=720x1080",
        "internal_emulator_transformer_output_180_rotated.mp4;360p=640x360 720p=1280x720",
        "hdr10-av1.mp4;360p=360x640 720p=720x1280",
        "bbb_960x540_60fps_vp8.webm;360p=640x360 540p=960x540",
        "bbb_2500ms.ts;360p=640x360 720p=1280x720 1080p=1920x1080",
        "sample.avi;360p=864x360",
        "sample_with_increasing_timestamps_360p.mp4;360p=640x360"
    })
    void everySharedSampleBecomesAValidLadder(String file, String expected) throws Exception {
        TranscoderHarness.Outcome outcome = worker.transcode(SampleMedia.shared(file), BOUND);

        assertThat(rungs(outcome)).containsExactly(expected.split(" "));
        HlsValidator.Report report = validate(outcome);
        assertThat(report.variants()).allSatisfy(v -> {
            assertThat(v.pixelFormat()).isEqualTo("yuv420p");
            assertThat(v.colorTransfer()).isIn("bt709", "");
        });
    }

    @ParameterizedTest(name = "{0} fails saying {1}")
    @CsvSource(delimiter = ';', value = {
        "sample_audio_only.mp4;no video stream",
        "sample_fragmented_clearkey.mp4;could not be"
    })
    void undecodableSharedSamplesFailWithAReason(String file, String reason) throws Exception {
        TranscoderHarness.Outcome outcome = worker.transcode(SampleMedia.shared(file), BOUND);

        assertThat(outcome.failed()).as("outcome %s", outcome).isPresent();
        assertThat(outcome.failed().get().reason()).contains(reason).doesNotContain("/tmp", "reelpipe-jobs");
    }

    @Test
    void hdrIsToneMappedToEightBitBt709() throws Exception {
        TranscoderHarness.Outcome outcome = worker.transcode(SampleMedia.shared("hdr10-av1.mp4"), BOUND);

        HlsValidator.Report report = validate(outcome);
        assertThat(report.variants()).allSatisfy(v -> {
            assertThat(v.colorTransfer()).isEqualTo("bt709");
            assertThat(v.pixelFormat()).isEqualTo("yuv420p");
        });
        assertThat(report.variants().getFirst().codecs()).startsWith("avc1.64");
    }

    @Test
    void rotationIsAppliedSoFramesAreUpright() throws Exception {
        // A frame white on top and black below, stored upside down with a 180-degree display rotation.
        Path upsideDown = SampleMedia.ffmpeg(media, "upside-down-raw.mp4", List.of("-f", "lavfi", "-i",
                "color=white:size=640x360:duration=2,drawbox=x=0:y=180:w=640:h=180:color=black:t=fill,vflip",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
        Path rotated = SampleMedia.ffmpeg(media, "rotated.mp4", List.of("-display_rotation", "180", "-i",
                upsideDown.toString(), "-c", "copy"));

        TranscoderHarness.Outcome outcome = worker.transcode(rotated, BOUND);

        HlsValidator.Report report = validate(outcome);
        Path frame = SampleMedia.ffmpeg(work, "frame.gray", List.of("-i", report.variants().getFirst().file().toString(),
                "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray"));
        byte[] pixels = Files.readAllBytes(frame);
        int width = report.variants().getFirst().width();
        int top = pixels[(width * 10) + width / 2] & 0xff;
        int bottom = pixels[pixels.length - width * 10 - width / 2] & 0xff;
        assertThat(top).as("top row brightness").isGreaterThan(200);
        assertThat(bottom).as("bottom row brightness").isLessThan(50);
    }

    @Test
    void interlacedSourcesAreDeinterlaced() throws Exception {
        Path interlaced = SampleMedia.ffmpeg(media, "interlaced.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=720x576:rate=50:duration=2,tinterlace=interleave_top,fieldorder=tff",
                "-c:v", "libx264", "-preset", "ultrafast", "-flags", "+ildct+ilme", "-x264opts", "tff=1",
                "-pix_fmt", "yuv420p"));

        TranscoderHarness.Outcome outcome = worker.transcode(interlaced, BOUND);

        assertThat(validate(outcome).variants()).allSatisfy(v -> assertThat(v.fieldOrder()).isIn("progressive", ""));
    }

    @Test
    void variableFrameRateBecomesConstant() throws Exception {
        Path vfr = SampleMedia.ffmpeg(media, "vfr.mkv", List.of("-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30:duration=4,setpts='N/30/TB+0.011*sin(N)/TB'",
                "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));

        TranscoderHarness.Outcome outcome = worker.transcode(vfr, BOUND);

        assertThat(validate(outcome).variants()).allSatisfy(v -> assertThat(v.frameRate()).isEqualTo(30.0));
    }

    @Test
    void oddSizesAndNonSquarePixelsBecomeEvenSquarePixelRungs() throws Exception {
        Path odd = SampleMedia.ffmpeg(media, "odd.mkv", List.of("-f", "lavfi", "-i",
                "testsrc2=size=641x381:rate=25:duration=2", "-c:v", "ffv1"));
        Path anamorphic = SampleMedia.ffmpeg(media, "anamorphic.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=720x576:rate=25:duration=2,setsar=16/15", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p"));

        TranscoderHarness.Outcome oddOutcome = worker.transcode(odd, BOUND);
        TranscoderHarness.Outcome anamorphicOutcome = worker.transcode(anamorphic, BOUND);

        assertThat(rungs(oddOutcome)).containsExactly("360p=606x360");
        validate(oddOutcome);
        assertThat(rungs(anamorphicOutcome)).containsExactly("360p=480x360", "576p=768x576");
        validate(anamorphicOutcome);
    }

    @Test
    void aSourceWithoutAudioGetsNoAudioInAnyRung() throws Exception {
        Path silent = SampleMedia.generate(media, "silent.mp4", 3, 1280, 720, false);

        TranscoderHarness.Outcome outcome = worker.transcode(silent, BOUND);

        HlsValidator.Report report = validate(outcome);
        assertThat(report.audio()).isFalse();
        assertThat(report.master()).doesNotContain("TYPE=AUDIO");
        assertThat(outcome.ladder().get().renditions()).extracting(Rendition::codecs)
                .allSatisfy(c -> assertThat(c).doesNotContain("mp4a"));
    }

    @Test
    void aRungTheSourceAlreadyFitsIsPackagedWithoutReEncoding() throws Exception {
        Path fits = SampleMedia.ffmpeg(media, "fits-720p.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=1280x720:rate=30:duration=6", "-c:v", "libx264", "-preset", "veryfast",
                "-profile:v", "high", "-crf", "30", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
                "-flags", "+cgop", "-pix_fmt", "yuv420p"));

        TranscoderHarness.Outcome outcome = worker.transcode(fits, BOUND);

        HlsValidator.Report report = validate(outcome);
        assertThat(rungs(outcome)).containsExactly("360p=640x360", "720p=1280x720");
        List<Integer> source = packetSizes(fits);
        List<Integer> packaged = packetSizes(report.variants().get(1).file());
        assertThat(packaged).as("720p is the source's own bitstream").isEqualTo(source);
        assertThat(packetSizes(report.variants().getFirst().file())).isNotEqualTo(source.subList(0, 180));
    }

    private static List<Integer> packetSizes(Path file) throws Exception {
        List<Integer> sizes = new java.util.ArrayList<>();
        for (var packet : HlsValidator.probe(file, "-select_streams", "v:0", "-show_entries", "packet=size")
                .path("packets")) {
            sizes.add(packet.path("size").asInt());
        }
        return sizes;
    }

    @Test
    void highFrameRatesAreCappedAtSixtyAndEightKIsScaledDown() throws Exception {
        Path fast = SampleMedia.ffmpeg(media, "fast.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=120:duration=2", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p"));
        Path eightK = SampleMedia.ffmpeg(media, "8k.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=7680x4320:rate=30:duration=0.2", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p"));

        assertThat(validate(worker.transcode(fast, BOUND)).variants())
                .allSatisfy(v -> assertThat(v.frameRate()).isEqualTo(60.0));
        assertThat(rungs(worker.transcode(eightK, BOUND)))
                .containsExactly("360p=640x360", "720p=1280x720", "1080p=1920x1080");
    }
}
