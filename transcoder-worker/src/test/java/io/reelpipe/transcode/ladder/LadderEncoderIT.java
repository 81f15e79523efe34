package io.reelpipe.transcode.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaLimits;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.testkit.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LadderEncoderIT {

    private final FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
    private final MediaProbe probe = new MediaProbe(ffmpeg, MediaLimits.SHORT_VIDEO, Duration.ofSeconds(30));
    private final LadderEncoder encoder =
            new LadderEncoder(ffmpeg, new EncoderSettings("ultrafast", 28, 96, true), Duration.ofMinutes(2));

    @TempDir
    Path dir;

    @Test
    void aPortraitSourceBecomesOneRungPerStandardSizeAtOrBelowItsShortSide() throws Exception {
        Path source = SampleMedia.generate(dir, "portrait.mp4", 3, 540, 960, true);
        MediaProbe.ProbedSource probed = probe.inspect(source, dir);

        EncodedLadder ladder = encoder.encode(source, probed, dir, dir.resolve("out"));

        assertThat(ladder.rungs()).extracting(EncodedLadder.EncodedRung::name).containsExactly("360p", "540p");
        assertThat(ladder.audio()).isTrue();
        for (String rung : new String[] {"360p", "540p", "audio"}) {
            Path playlist = ladder.outDir().resolve(rung).resolve("index.m3u8");
            assertThat(playlist).exists();
            assertThat(Files.readString(playlist)).contains("#EXT-X-ENDLIST", "#EXT-X-MAP:URI=");
        }
    }

    @Test
    void anAudioOnlyFileIsRejectedBeforeEncoding() throws Exception {
        Path source = SampleMedia.ffmpeg(dir, "tone.mp4",
                java.util.List.of("-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac"));

        assertThatThrownBy(() -> probe.inspect(source, dir))
                .isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("no video stream");
    }
}
