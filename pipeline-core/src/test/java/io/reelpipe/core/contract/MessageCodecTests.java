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
                        List.of(new Thumbnail("webp", 320, 568, "img/x.webp", "image/webp")),
                        new Placeholder("LEHV6nWB2yk8pyo0adR*.7kCMdnj", "#a1b2c3"),
                        new Storyboard("img/x/storyboard.vtt", List.of("img/x/sprite-0.jpg")), "img/x/preview.webp"),
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
    void aThumbnailsEventWithoutThePackageFieldsStillReads() {
        String json = """
                {"type":"thumbnails-ready","eventId":"%s","jobId":"%s","videoId":"%s","kind":"THUMBNAIL",
                 "at":"2026-11-24T10:00:00Z","thumbnails":[]}
                """.formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        JobEvent event = codec.read(json.getBytes(StandardCharsets.UTF_8), JobEvent.class);

        assertThat(event).isInstanceOfSatisfying(JobEvent.ThumbnailsReady.class, ready -> {
            assertThat(ready.placeholder()).isNull();
            assertThat(ready.storyboard()).isNull();
            assertThat(ready.previewKey()).isNull();
        });
    }

    @Test
    void aJobCarriesTheCreatorsPosterChoiceAndReadsWithoutIt() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        MediaJob chosen = new MediaJob(UUID.randomUUID(), UUID.randomUUID(), JobKind.THUMBNAIL, "u", "src/k", at, 2500L);
        MediaJob unchosen = new MediaJob(UUID.randomUUID(), UUID.randomUUID(), JobKind.THUMBNAIL, "u", "src/k", at);
        String withoutField = codec.writeString(unchosen).replace(",\"posterAtMs\":null", "");

        assertThat(codec.read(codec.write(chosen), MediaJob.class).posterAtMs()).isEqualTo(2500L);
        assertThat(withoutField).doesNotContain("posterAtMs");
        assertThat(codec.read(withoutField.getBytes(StandardCharsets.UTF_8), MediaJob.class)).isEqualTo(unchosen);
        assertThatThrownBy(() -> codec.read(codec.writeString(chosen).replace("2500", "-1")
                .getBytes(StandardCharsets.UTF_8), MediaJob.class))
                .isInstanceOf(MessageCodec.MalformedMessageException.class);
    }

    @Test
    void placeholdersAndStoryboardsRefuseMalformedValues() {
        assertThatThrownBy(() -> new Placeholder("LEHV6nWB2yk8pyo0adR*.7kCMdnj", "red"))
                .hasMessageContaining("'red'");
        assertThatThrownBy(() -> new Placeholder("short", "#000000")).hasMessageContaining("'short'");
        assertThatThrownBy(() -> new Storyboard("img/x/storyboard.vtt", List.of()))
                .hasMessageContaining("at least one sprite");
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddThemFirst() {
        MediaJob job = new MediaJob(UUID.randomUUID(), UUID.randomUUID(), JobKind.THUMBNAIL, "u", "src/k",
                Instant.parse("2026-11-24T10:00:00Z"));
        String json = codec.writeString(job).replaceFirst("\\{", "{\"priority\":3,");

        assertThat(codec.read(json.getBytes(StandardCharsets.UTF_8), MediaJob.class)).isEqualTo(job);
    }
}
