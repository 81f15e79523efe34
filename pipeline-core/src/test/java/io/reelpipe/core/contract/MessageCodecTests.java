package io.reelpipe.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageCodecTests {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void everyEventTypeSurvivesARoundTripAsItsOwnType() {
        UUID job = UUID.randomUUID();
        UUID video = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        List<JobEvent> events = List.of(
                new JobEvent.Started(UUID.randomUUID(), job, video, JobKind.TRANSCODE, at, 2),
                new JobEvent.LadderReady(UUID.randomUUID(), job, video, JobKind.TRANSCODE, at, "hls/m.m3u8", 1000,
                        720, 1280, List.of(new Rendition("360p", 360, 640, 900_000, 700_000, "avc1.64001e", "k"))),
                new JobEvent.ThumbnailsReady(UUID.randomUUID(), job, video, JobKind.THUMBNAIL, at,
                        List.of(new Thumbnail("webp", 320, 568, "img/x.webp", "image/webp"))),
                new JobEvent.Failed(UUID.randomUUID(), job, video, JobKind.THUMBNAIL, at, "no video stream"));

        for (JobEvent event : events) {
            assertThat(codec.read(codec.write(event), JobEvent.class)).isEqualTo(event);
        }
    }

    @Test
    void routingKeysNameTheStageAndTheEvent() {
        JobEvent failed = new JobEvent.Failed(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                JobKind.TRANSCODE, Instant.now(), "x");
        assertThat(failed.routingKey()).isEqualTo("transcode.failed");
    }

    @Test
    void malformedMessagesAreAPermanentKindOfFailure() {
        for (String body : new String[] {"", "null", "{\"jobId\":\"not-a-uuid\"}", "{\"type\":\"unknown\"}", "[1,2"}) {
            assertThatThrownBy(() -> codec.read(body.getBytes(StandardCharsets.UTF_8), MediaJob.class))
                    .as(body)
                    .isInstanceOf(MessageCodec.MalformedMessageException.class);
        }
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddThemFirst() {
        MediaJob job = new MediaJob(UUID.randomUUID(), UUID.randomUUID(), JobKind.THUMBNAIL, "u", "src/k",
                Instant.parse("2026-11-24T10:00:00Z"));
        String json = codec.writeString(job).replaceFirst("\\{", "{\"priority\":3,");

        assertThat(codec.read(json.getBytes(StandardCharsets.UTF_8), MediaJob.class)).isEqualTo(job);
    }
}
