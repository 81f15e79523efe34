package io.reelpipe.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.reelpipe.core.media.ContainerFormat;
import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaInfo;
import io.reelpipe.core.media.MediaLimits;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.media.SandboxedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proof that {@link Gab2Avi} builds a file that ffmpeg's avi demuxer takes into {@code read_gab2_sub}: with an SRT
 * payload the bundled ffprobe finds a SubRip track holding the cue, so the exploit variant, which differs only in the
 * payload, reaches the same nested probe.
 */
class Gab2AviTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PLAYLIST = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n"
            + "#EXTINF:10.0,\nhttp://127.0.0.1:9/segment.ts\n#EXT-X-ENDLIST\n";

    @TempDir
    Path dir;

    /** What ffprobe printed (streams and packets) and said on standard error. */
    private record Probe(JsonNode json, String stderr) {

        JsonNode stream(int index) {
            return json.path("streams").path(index);
        }

        List<JsonNode> packets(int stream) {
            return json.path("packets").valueStream().filter(p -> p.path("stream_index").asInt() == stream).toList();
        }
    }

    /** The bundled ffprobe on {@code file} with the avi demuxer forced and {@code allowed} as demuxer allow-list. */
    private Probe ffprobe(Path file, String allowed) throws Exception {
        SandboxedProcess.Result result = SandboxedProcess.run(List.of(
                FfmpegBinaries.bundled().ffprobe().toString(), "-v", "warning",
                "-protocol_whitelist", "file", "-format_whitelist", allowed, "-f", "avi",
                "-print_format", "json", "-show_format", "-show_streams", "-show_packets",
                "-i", "file:" + file.toAbsolutePath()), dir, new SandboxedProcess.Limits(Duration.ofSeconds(30), 30,
                4 * 1024 * 1024), null);
        assertThat(result.succeeded()).as("ffprobe: %s", result.stderrTail()).isTrue();
        return new Probe(JSON.readTree(result.stdout()), result.stderrTail());
    }

    private Path write(String name, String gab2Payload) throws Exception {
        return Files.write(dir.resolve(name), Gab2Avi.withGab2Subtitle(gab2Payload));
    }

    @Test
    void anSrtPayloadBecomesASubRipTrackHoldingTheCueOnceTheNestedSrtDemuxerIsAllowed() throws Exception {
        Probe probe = ffprobe(write("srt.avi", Gab2Avi.srt()), "avi,srt");

        assertThat(probe.json().path("format").path("format_name").asString()).isEqualTo("avi");
        JsonNode video = probe.stream(0);
        assertThat(video.path("codec_type").asString()).isEqualTo("video");
        assertThat(video.path("codec_name").asString()).isEqualTo("rawvideo");
        assertThat(video.path("width").asInt()).isEqualTo(Gab2Avi.WIDTH);
        assertThat(video.path("avg_frame_rate").asString()).isEqualTo(Gab2Avi.FRAME_RATE + "/1");
        assertThat(probe.packets(0)).hasSize(Gab2Avi.FRAMES);
        JsonNode subtitle = probe.stream(1);
        assertThat(subtitle.path("codec_type").asString()).isEqualTo("subtitle");
        // Only the nested srt demuxer opened by read_gab2_sub turns the chunk into SubRip with the cue's timing.
        assertThat(subtitle.path("codec_name").asString()).isEqualTo("subrip");
        assertThat(subtitle.path("tags").path("title").asString()).isEqualTo(Gab2Avi.TRACK_NAME);
        assertThat(probe.packets(1)).singleElement().satisfies(cue -> {
            assertThat(cue.path("duration_time").asString()).isEqualTo("0.900000");
            assertThat(cue.path("size").asInt()).isEqualTo("hello from a GAB2 chunk".length());
        });
    }

    @Test
    void underThePipelinesAllowListTheNestedSrtDemuxerIsRefusedAndTheSubtitleStaysUnopened() throws Exception {
        Probe probe = ffprobe(write("srt.avi", Gab2Avi.srt()), ContainerFormat.AVI.demuxer());

        assertThat(probe.stderr()).contains("Format not on whitelist");
        JsonNode subtitle = probe.stream(1);
        assertThat(subtitle.path("codec_type").asString()).isEqualTo("subtitle");
        assertThat(subtitle.path("codec_name").isMissingNode()).as("codec of %s", subtitle).isTrue();
        // The name record was read, so read_gab2_sub ran; the subtitle data went no further than the allow-list.
        assertThat(subtitle.path("tags").path("title").asString()).isEqualTo(Gab2Avi.TRACK_NAME);
    }

    @Test
    void aPlaylistPayloadReachesTheNestedProbeWhichDoesNotTakeItForHls() throws Exception {
        Probe probe = ffprobe(write("playlist.avi", PLAYLIST), ContainerFormat.AVI.demuxer());

        // hls_probe says this only for data starting with #EXTM3U and carrying a playlist tag: the payload got there.
        assertThat(probe.stderr()).contains("Not detecting m3u8/hls");
        JsonNode subtitle = probe.stream(1);
        assertThat(subtitle.path("codec_name").isMissingNode()).as("codec of %s", subtitle).isTrue();
        assertThat(subtitle.path("tags").path("title").asString()).isEqualTo(Gab2Avi.TRACK_NAME);
    }

    @Test
    void thePipelinesProbeAcceptsBothVariantsAsAnAviWithVideoAndAnUnopenedSubtitle() throws Exception {
        MediaProbe mediaProbe = new MediaProbe(FfmpegBinaries.bundled(), MediaLimits.SHORT_VIDEO, Duration.ofSeconds(30));

        for (String payload : List.of(Gab2Avi.srt(), PLAYLIST)) {
            MediaProbe.ProbedSource source = mediaProbe.inspect(write("source.avi", payload), dir);

            assertThat(source.format()).isEqualTo(ContainerFormat.AVI);
            assertThat(source.video().codec()).isEqualTo("rawvideo");
            assertThat(source.video().width()).isEqualTo(Gab2Avi.WIDTH);
            assertThat(source.video().height()).isEqualTo(Gab2Avi.HEIGHT);
            assertThat(source.info().streams()).extracting(MediaInfo.Stream::type, MediaInfo.Stream::codec)
                    .containsExactly(tuple("video", "rawvideo"), tuple("subtitle", "unknown"));
        }
    }
}
