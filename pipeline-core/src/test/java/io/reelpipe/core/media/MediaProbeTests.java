package io.reelpipe.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaProbeTests {

    private final MediaLimits limits = new MediaLimits(Duration.ofMinutes(10), 7680, 7680L * 4320, 16, 240);

    private MediaInfo.Stream check(MediaInfo info) throws MediaRejectedException {
        return new MediaProbe(null, limits, Duration.ofSeconds(5)).check(info);
    }

    private static MediaInfo.Stream video(int width, int height, double fps) {
        return new MediaInfo.Stream(0, "video", "h264", width, height, 0, fps, "yuv420p", "", "progressive", 0, 0,
                false);
    }

    private static MediaInfo.Stream audio(int index) {
        return new MediaInfo.Stream(index, "audio", "aac", 0, 0, 0, 0, "", "", "", 0, 2, false);
    }

    @Test
    void ffprobeJsonIsReadIncludingRotationFromTheDisplayMatrix() throws Exception {
        String json = """
                {"streams":[{"index":0,"codec_type":"video","codec_name":"h264","width":1280,"height":720,
                  "avg_frame_rate":"30000/1001","r_frame_rate":"30/1","pix_fmt":"yuv420p",
                  "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]},
                 {"index":1,"codec_type":"audio","codec_name":"aac","channels":2}],
                 "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"5.005","bit_rate":"1200000"}}
                """;

        MediaInfo info = MediaProbe.parse(json.getBytes(StandardCharsets.UTF_8));

        MediaInfo.Stream video = info.video().orElseThrow();
        assertThat(video.rotation()).isEqualTo(270);
        assertThat(video.displayWidth()).isEqualTo(720);
        assertThat(video.displayHeight()).isEqualTo(1280);
        assertThat(video.frameRate()).isCloseTo(29.97, org.assertj.core.data.Offset.offset(0.01));
        assertThat(info.durationSec()).isEqualTo(5.005);
        assertThat(info.audio()).isPresent();
    }

    @Test
    void audioOnlyFilesAreRejectedForHavingNoVideoStream() {
        MediaInfo info = new MediaInfo("mov", 1, 0, List.of(audio(0)));

        assertThatThrownBy(() -> check(info)).isInstanceOf(MediaRejectedException.class)
                .hasMessage("the file has no video stream (it is audio only)");
    }

    @Test
    void coverArtIsNotAVideoStream() {
        MediaInfo.Stream cover = new MediaInfo.Stream(1, "video", "mjpeg", 600, 600, 0, 0, "yuvj420p", "", "", 0, 0,
                true);

        assertThatThrownBy(() -> check(new MediaInfo("mov", 3, 0, List.of(audio(0), cover))))
                .hasMessageContaining("no video stream");
    }

    @Test
    void resolutionBombsAreRejectedBeforeDecoding() {
        assertThatThrownBy(() -> check(new MediaInfo("mov", 1, 0, List.of(video(8192, 8192, 30)))))
                .hasMessageContaining("8192x8192");
        assertThatThrownBy(() -> check(new MediaInfo("mov", 1, 0, List.of(video(16000, 16, 30)))))
                .hasMessageContaining("16000x16");
    }

    @Test
    void eightKIsAcceptedAndScaledDownLater() throws Exception {
        assertThat(check(new MediaInfo("mov", 1, 0, List.of(video(7680, 4320, 30))))).isNotNull();
    }

    @Test
    void aDayOfVideoIsRejected() {
        assertThatThrownBy(() -> check(new MediaInfo("mov", 86_400, 0, List.of(video(16, 16, 30)))))
                .hasMessageContaining("86400 s long");
    }

    @Test
    void hundredsOfStreamsAreRejected() {
        List<MediaInfo.Stream> streams = new ArrayList<>(List.of(video(640, 360, 30)));
        for (int i = 1; i < 500; i++) {
            streams.add(audio(i));
        }
        assertThatThrownBy(() -> check(new MediaInfo("matroska", 1, 0, streams)))
                .hasMessageContaining("500 streams");
    }
}
