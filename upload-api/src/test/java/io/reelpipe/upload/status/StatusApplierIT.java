package io.reelpipe.upload.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.Placeholder;
import io.reelpipe.core.contract.Rendition;
import io.reelpipe.core.contract.Storyboard;
import io.reelpipe.core.contract.Thumbnail;
import io.reelpipe.core.messaging.Topology;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.upload.UploadApiApplication;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The status consumer's rules on the real database: once per event, any order, first result wins, terminal stays. */
class StatusApplierIT {

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static StatusApplier applier;
    static JdbcClient jdbc;

    UUID video;
    UUID transcodeJob;
    UUID thumbnailJob;

    @BeforeAll
    static void start() {
        LocalServices.requireUp();
        Map<String, Object> properties = LocalServices.springProperties(
                LocalServices.uniqueName("it-status"), LocalServices.uniqueName("it-status"));
        properties.put("reelpipe.jwt.public-key", new DevTokens(dir).publicKeyPem().toString());
        app = new SpringApplicationBuilder(UploadApiApplication.class).run(LocalServices.asArgs(properties));
        applier = app.getBean(StatusApplier.class);
        jdbc = app.getBean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        Topology topology = app.getBean(Topology.class);
        app.close();
        CachingConnectionFactory rabbit = new CachingConnectionFactory(LocalServices.HOST, LocalServices.RABBIT_PORT);
        topology.queues().forEach(new RabbitAdmin(rabbit)::deleteQueue);
        rabbit.destroy();
    }

    @BeforeEach
    void newVideo() {
        video = UUID.randomUUID();
        transcodeJob = UUID.randomUUID();
        thumbnailJob = UUID.randomUUID();
        jdbc.sql("INSERT INTO profiles (id) VALUES ('status-it') ON CONFLICT DO NOTHING").update();
        jdbc.sql("""
                INSERT INTO videos (id, owner_id, title, visibility, status, source_key, source_bytes, source_sha256,
                                    source_format)
                VALUES (?, 'status-it', 't', 'PUBLIC', 'UPLOADED', 'src/x', 1, 'h', 'MP4')
                """).param(video).update();
        jdbc.sql("INSERT INTO jobs (id, video_id, kind, status) VALUES (?, ?, 'TRANSCODE', 'QUEUED'), (?, ?, 'THUMBNAIL', 'QUEUED')")
                .param(transcodeJob).param(video).param(thumbnailJob).param(video).update();
    }

    private JobEvent.Started started(UUID job, JobKind kind) {
        return new JobEvent.Started(UUID.randomUUID(), job, video, kind, Instant.now(), 1);
    }

    private JobEvent.LadderReady ladder(String master) {
        return new JobEvent.LadderReady(UUID.randomUUID(), transcodeJob, video, JobKind.TRANSCODE, Instant.now(),
                master, 1000, 720, 1280, List.of(new Rendition("360p", 360, 640, 800_000, 600_000, "avc1.64001e",
                        master.replace("master.m3u8", "360p/index.m3u8"))));
    }

    private JobEvent.ThumbnailsReady thumbnails() {
        return thumbnails("a");
    }

    private JobEvent.ThumbnailsReady thumbnails(String attempt) {
        String prefix = "img/" + attempt + "/";
        return new JobEvent.ThumbnailsReady(UUID.randomUUID(), thumbnailJob, video, JobKind.THUMBNAIL, Instant.now(),
                List.of(new Thumbnail("webp", 320, 569, prefix + "poster-320.webp", "image/webp")),
                new Placeholder("LEHV6nWB2yk8pyo0adR*.7kCMdnj", "#2a3b4c"),
                new Storyboard(prefix + "storyboard.vtt", List.of(prefix + "sprite-0.jpg", prefix + "sprite-1.jpg")),
                prefix + "preview.webp");
    }

    private String status() {
        return jdbc.sql("SELECT status FROM videos WHERE id = ?").param(video).query(String.class).single();
    }

    private String master() {
        return jdbc.sql("SELECT hls_master_key FROM videos WHERE id = ?").param(video).query(String.class).single();
    }

    @Test
    void theVideoIsReadyOnlyWhenTheLadderAndTheThumbnailsAreBothThere() {
        applier.apply(started(transcodeJob, JobKind.TRANSCODE));
        assertThat(status()).isEqualTo("PROCESSING");
        applier.apply(ladder("hls/a/master.m3u8"));
        assertThat(status()).isEqualTo("PROCESSING");
        applier.apply(thumbnails());
        assertThat(status()).isEqualTo("READY");
    }

    @Test
    void theImagePackageOfTheFirstThumbnailResultIsStoredWithTheVideo() {
        applier.apply(thumbnails("first"));
        applier.apply(thumbnails("second"));

        Map<String, Object> row = jdbc.sql("""
                SELECT placeholder_blurhash, dominant_color, storyboard_vtt_key,
                       array_to_string(storyboard_sprite_keys, ' ') AS sprites, preview_key
                  FROM videos WHERE id = ?
                """).param(video).query().singleRow();
        assertThat(row).containsEntry("placeholder_blurhash", "LEHV6nWB2yk8pyo0adR*.7kCMdnj")
                .containsEntry("dominant_color", "#2a3b4c")
                .containsEntry("storyboard_vtt_key", "img/first/storyboard.vtt")
                .containsEntry("sprites", "img/first/sprite-0.jpg img/first/sprite-1.jpg")
                .containsEntry("preview_key", "img/first/preview.webp");
    }

    @Test
    void aThumbnailResultWithoutThePackageLeavesItEmpty() {
        applier.apply(new JobEvent.ThumbnailsReady(UUID.randomUUID(), thumbnailJob, video, JobKind.THUMBNAIL,
                Instant.now(), List.of(), null, null, null));

        assertThat(jdbc.sql("SELECT placeholder_blurhash IS NULL AND storyboard_sprite_keys IS NULL FROM videos WHERE id = ?")
                .param(video).query(Boolean.class).single()).isTrue();
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        JobEvent.LadderReady event = ladder("hls/a/master.m3u8");

        assertThat(applier.apply(event)).isTrue();
        assertThat(applier.apply(event)).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM renditions WHERE video_id = ?").param(video).query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void theFirstCompleteResultOfAJobWinsOverARetrysResult() {
        applier.apply(ladder("hls/first/master.m3u8"));
        applier.apply(ladder("hls/second/master.m3u8"));

        assertThat(master()).isEqualTo("hls/first/master.m3u8");
    }

    @Test
    void aLateStartedEventNeverMovesAFinishedVideoBack() {
        applier.apply(ladder("hls/a/master.m3u8"));
        applier.apply(thumbnails());
        applier.apply(started(thumbnailJob, JobKind.THUMBNAIL));

        assertThat(status()).isEqualTo("READY");
    }

    @Test
    void aFailureFailsTheVideoWithItsReasonAndALaterSuccessDoesNotRevive() {
        applier.apply(new JobEvent.Failed(UUID.randomUUID(), transcodeJob, video, JobKind.TRANSCODE, Instant.now(),
                "the file has no video stream"));
        applier.apply(thumbnails());

        assertThat(status()).isEqualTo("FAILED");
        assertThat(jdbc.sql("SELECT failure_reason FROM videos WHERE id = ?").param(video).query(String.class)
                .single()).isEqualTo("the file has no video stream");
    }

    @Test
    void aVideoIsPlayableFromItsLiveMasterBeforeItIsReadyWithTheFinalOne() {
        applier.apply(new JobEvent.Playable(UUID.randomUUID(), transcodeJob, video, JobKind.TRANSCODE, Instant.now(),
                "hls/a/live.m3u8"));
        assertThat(status()).isEqualTo("PLAYABLE");
        assertThat(master()).isEqualTo("hls/a/live.m3u8");

        applier.apply(ladder("hls/a/master.m3u8"));
        applier.apply(thumbnails());

        assertThat(status()).isEqualTo("READY");
        assertThat(master()).isEqualTo("hls/a/master.m3u8");
    }

    @Test
    void progressMergesPerRungAndStopsWhenTheJobIsDone() {
        applier.apply(new JobEvent.Progress(UUID.randomUUID(), transcodeJob, video, JobKind.TRANSCODE, Instant.now(),
                Map.of("360p", 40, "720p", 40)));
        applier.apply(new JobEvent.Progress(UUID.randomUUID(), transcodeJob, video, JobKind.TRANSCODE, Instant.now(),
                Map.of("360p", 100, "720p", 70)));
        assertThat(progress()).isEqualTo("{\"360p\": 100, \"720p\": 70}");

        applier.apply(ladder("hls/a/master.m3u8"));
        applier.apply(new JobEvent.Progress(UUID.randomUUID(), transcodeJob, video, JobKind.TRANSCODE, Instant.now(),
                Map.of("720p", 80)));

        assertThat(progress()).isEqualTo("{\"360p\": 100, \"720p\": 100}");
    }

    private String progress() {
        return jdbc.sql("SELECT progress::text FROM videos WHERE id = ?").param(video).query(String.class).single();
    }

    @Test
    void anEventAboutAnUnknownVideoChangesNothing() {
        JobEvent.Started stray = new JobEvent.Started(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                JobKind.TRANSCODE, Instant.now(), 1);

        assertThat(applier.apply(stray)).isFalse();
    }
}
