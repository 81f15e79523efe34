package io.reelpipe.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.Rendition;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.transcode.validation.HlsValidator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs from the brief, each through the real worker: every one ends with a clear outcome, within a bound,
 * on its first delivery (not retried): FAILED with a reason, except the AVI with a playlist in its GAB2 subtitle chunk,
 * whose genuine video becomes a ladder without the subtitle. None makes ffmpeg open a network connection (a canary
 * listener on loopback counts connections) or a file outside its input (a named pipe outside the job directory notices
 * being opened).
 */
class MaliciousInputIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    static Path media;

    static TranscoderHarness worker;
    static ServerSocket canary;
    static final AtomicInteger canaryHits = new AtomicInteger();

    Path fifo;
    final AtomicBoolean released = new AtomicBoolean();
    final AtomicBoolean fifoOpenedByOthers = new AtomicBoolean();
    final CountDownLatch writerDone = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        worker = new TranscoderHarness(Map.of());
        canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!canary.isClosed()) {
                try {
                    Socket socket = canary.accept();
                    canaryHits.incrementAndGet();
                    socket.close();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        if (worker != null) {
            worker.close();
        }
        canary.close();
    }

    /** A named pipe that records whether anybody but this test opened it for reading. */
    @BeforeEach
    void armFifo() throws Exception {
        fifo = Files.createTempDirectory("reelpipe-outside").resolve("secret");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        Thread.ofVirtual().start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                fifoOpenedByOthers.set(!released.get());
                out.write("secret".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The reader went away; only whether it opened matters.
            } finally {
                writerDone.countDown();
            }
        });
    }

    @AfterEach
    void disarmFifo() throws Exception {
        released.set(true);
        try (var in = Files.newInputStream(fifo)) {
            in.readAllBytes();
        }
        assertThat(writerDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fifoOpenedByOthers.get()).as("a file outside the input was opened").isFalse();
        assertThat(canaryHits.get()).as("network connections made by ffmpeg").isZero();
    }

    private String playlist() {
        return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXTINF:10.0,\nhttp://127.0.0.1:" + canary.getLocalPort() + "/segment.ts\n"
                + "#EXTINF:10.0,\nfile:" + fifo + "\n#EXTINF:10.0,\n/etc/passwd\n#EXT-X-ENDLIST\n";
    }

    private JobEvent.Failed failsWith(Path file, String reason) throws Exception {
        long start = System.nanoTime();
        TranscoderHarness.Outcome outcome = worker.transcode(file, BOUND);
        assertThat(outcome.failed()).as("outcome %s", outcome).isPresent();
        assertThat(outcome.failed().get().reason()).containsIgnoringCase(reason);
        assertThat(outcome.events().stream().filter(JobEvent.Started.class::isInstance)).as("not retried").hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        return outcome.failed().get();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(media.resolve(name), bytes);
    }

    @Test
    void anHlsPlaylistDisguisedAsAnMp4IsNeverParsedAsAPlaylist() throws Exception {
        failsWith(write("playlist.mp4", playlist().getBytes(StandardCharsets.UTF_8)), "HLS playlist");
    }

    @Test
    void aPlaylistBehindAnMp4HeaderIsReadOnlyAsMp4() throws Exception {
        byte[] head = {0, 0, 0, 0x14, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm'};
        byte[] body = playlist().getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[head.length + body.length];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(body, 0, file, head.length, body.length);
        failsWith(write("ftyp-playlist.mp4", file), "could not be read");
    }

    @Test
    void aConcatScriptIsRefused() throws Exception {
        failsWith(write("concat.mp4", ("ffconcat version 1.0\nfile '" + fifo + "'\nfile '/etc/passwd'\n")
                .getBytes(StandardCharsets.UTF_8)), "concat script");
    }

    @Test
    void anAviWithAPlaylistInsideIsReadOnlyAsAvi() throws Exception {
        byte[] body = playlist().getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[12 + body.length];
        System.arraycopy("RIFF\0\0\0\0AVI ".getBytes(StandardCharsets.ISO_8859_1), 0, file, 0, 12);
        System.arraycopy(body, 0, file, 12, body.length);
        // Read as AVI only, the playlist is just bytes: there is no stream in it at all.
        failsWith(write("playlist.avi", file), "no video stream");
    }

    @Test
    void anAviWithAPlaylistInAGab2SubtitleChunkBecomesALadderWithoutSubtitlesAndFetchesNothing() throws Exception {
        // The classic exploit file: ffmpeg's avi demuxer probes a GAB2 chunk's data and opens it with the demuxer it
        // detects (Gab2AviTests proves this file's chunk gets there); here the data is a playlist naming the canary
        // and the pipe outside the job directory.
        Path exploit = write("gab2-playlist.avi", Gab2Avi.withGab2Subtitle(playlist()));
        long start = System.nanoTime();

        TranscoderHarness.Outcome outcome = worker.transcode(exploit, BOUND);

        // READY, not FAILED: the video stream is genuine, the nested demuxer is never opened (ffmpeg accepts only SRT
        // or ASS there, and the avi-only allow-list is inherited by it), and the ladder maps video and audio only.
        assertThat(outcome.ladder()).as("outcome %s", outcome).isPresent();
        assertThat(outcome.events().stream().filter(JobEvent.Started.class::isInstance)).as("not retried").hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(outcome.ladder().get().renditions()).extracting(Rendition::name).containsExactly("64p");
        HlsValidator.Report report = new HlsValidator(Files.createDirectories(media.resolve("gab2-output")))
                .validate(worker.publicUrl(outcome.ladder().get().masterKey()));
        assertThat(report.problems()).as("HLS problems").isEmpty();
        assertThat(report.master()).doesNotContain("TYPE=SUBTITLES", "SUBTITLES=");
        for (HlsValidator.VariantFacts variant : report.variants()) {
            assertThat(HlsValidator.probe(variant.file(), "-show_streams").path("streams").valueStream()
                    .map(stream -> stream.path("codec_type").asString())).as(variant.name()).containsExactly("video");
        }
        assertThat(canaryHits.get()).as("network connections made by ffmpeg").isZero();
        // disarmFifo asserts after this test that the named pipe outside the job directory was never opened.

        Path next = SampleMedia.generate(media, "after-gab2.mp4", 1, 320, 240, false);
        assertThat(worker.transcode(next, BOUND).ladder()).as("the next job").isPresent();
    }

    @Test
    void randomBytesAreRefused() throws Exception {
        byte[] random = new byte[64 * 1024];
        new Random(42).nextBytes(random);
        failsWith(write("random.mp4", random), "not a supported video container");
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        failsWith(write("empty.mp4", new byte[0]), "empty file");
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path whole = SampleMedia.generate(media, "whole.mp4", 2, 320, 240, true);
        byte[] bytes = Files.readAllBytes(whole);
        failsWith(write("truncated.mp4", java.util.Arrays.copyOf(bytes, bytes.length / 2)), "could not be read");
    }

    @Test
    void aResolutionBombIsRefusedBeforeDecoding() throws Exception {
        Path bomb = SampleMedia.ffmpeg(media, "bomb.mp4", List.of("-f", "lavfi", "-i",
                "color=size=8192x8192:rate=25:duration=0.04", "-frames:v", "1", "-c:v", "libx264", "-preset",
                "ultrafast"));
        failsWith(bomb, "8192x8192");
    }

    @Test
    void aDayOfTinyVideoIsRefused() throws Exception {
        Path day = SampleMedia.ffmpeg(media, "day.mkv", List.of("-f", "lavfi", "-i",
                "color=size=16x16:rate=1:duration=86400", "-c:v", "libx264", "-preset", "ultrafast", "-g", "100000"));
        failsWith(day, "86400 s long");
    }

    @Test
    void aTimestampJumpOfAnHourIsRefusedInsteadOfFilledWithDuplicateFrames() throws Exception {
        Path jump = SampleMedia.ffmpeg(media, "jump.mkv", List.of("-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25:duration=2,setpts='if(gte(N,25),PTS+3600/TB,PTS)'",
                "-fps_mode", "passthrough", "-c:v", "libx264", "-preset", "ultrafast"));
        failsWith(jump, "s long");
    }

    @Test
    void fiveHundredStreamsAreRefused() throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=160x120:duration=0.5",
                "-f", "lavfi", "-i", "anullsrc=duration=0.5", "-map", "0:v"));
        for (int i = 0; i < 499; i++) {
            args.addAll(List.of("-map", "1:a"));
        }
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le"));
        failsWith(SampleMedia.ffmpeg(media, "streams.mkv", args), "500 streams");
    }

    @Test
    void theWorkerKeepsServingAfterHostileInputs() throws Exception {
        Path good = SampleMedia.generate(media, "good.mp4", 1, 320, 240, false);

        assertThat(worker.transcode(good, BOUND).ladder()).isPresent();
    }
}
