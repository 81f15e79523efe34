package io.reelpipe.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.contract.Thumbnail;
import io.reelpipe.core.messaging.ConfirmedPublisher;
import io.reelpipe.core.messaging.Topology;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.SampleMedia;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The worker in-process against the real local RabbitMQ and S3: jobs go in through the jobs exchange, results come
 * out on the status queue, posters land in the bucket. Each run has its own namespace and bucket.
 */
class ThumbnailWorkerIT {

    private static final Duration OUTCOME_WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path media;

    private static ConfigurableApplicationContext app;
    private static Topology topology;
    private static ObjectStore store;
    private static ConfirmedPublisher publisher;
    private static MessageCodec codec;
    private static RabbitTemplate rabbit;
    private static String portraitKey;
    private static String namespace;
    private static String bucket;

    @BeforeAll
    static void startWorker() throws Exception {
        LocalServices.requireUp();
        namespace = LocalServices.uniqueName("it");
        bucket = LocalServices.uniqueName("it");
        // As arguments, not SpringApplicationBuilder.properties(): those are only defaults, and application.yml's
        // bucket and port would win over them, pointing the test at the shared bucket.
        app = new SpringApplicationBuilder(ThumbnailWorkerApplication.class)
                .run(LocalServices.asArgs(LocalServices.springProperties(namespace, bucket)));
        topology = app.getBean(Topology.class);
        store = app.getBean(ObjectStore.class);
        assertThat(store.bucket()).as("the worker uses this run's own bucket").isEqualTo(bucket);
        assertThat(topology.namespace()).as("the worker uses this run's own namespace").isEqualTo(namespace);
        publisher = app.getBean(ConfirmedPublisher.class);
        codec = app.getBean(MessageCodec.class);
        rabbit = app.getBean(RabbitTemplate.class);
        Path portrait = SampleMedia.generate(media, "portrait.mp4", 2, 720, 1280, true);
        portraitKey = StorageKeys.source(UUID.randomUUID());
        store.putFile(portraitKey, portrait, "video/mp4", CacheControl.PRIVATE, ObjectStore.Access.PRIVATE);
    }

    @AfterAll
    static void stopWorker() {
        if (app == null) {
            return;
        }
        try {
            // Stop consuming first, so deleting the job queue does not make the listener retry against nothing.
            app.getBean(SimpleMessageListenerContainer.class).stop();
            dropTopology();
            dropBucket();
        } finally {
            app.close();
        }
    }

    /** Deletes this run's queues and exchanges, and only when the worker really was in this run's namespace. */
    private static void dropTopology() {
        if (topology == null || !namespace.equals(topology.namespace())) {
            return;
        }
        AmqpAdmin admin = app.getBean(AmqpAdmin.class);
        topology.queues().forEach(admin::deleteQueue);
        List.of(topology.jobsExchange(), topology.eventsExchange(), topology.deadLetterExchange())
                .forEach(admin::deleteExchange);
    }

    /** Empties and deletes this run's bucket, and only when the worker really was on it. */
    private static void dropBucket() {
        if (store == null || !bucket.equals(store.bucket()) || !bucket.startsWith("it-")) {
            return;
        }
        store.list("").forEach(store::delete);
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(LocalServices.S3_ENDPOINT))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalServices.S3_ACCESS_KEY, LocalServices.S3_SECRET_KEY)))
                .forcePathStyle(true)
                .build()) {
            s3.deleteBucket(b -> b.bucket(bucket));
        }
    }

    @Test
    void portraitSourceGetsTheWholeImagePackageStoredAsDescribed() throws Exception {
        MediaJob job = thumbnailJob(portraitKey);

        JobEvent outcome = publishAndAwaitOutcome(job);

        assertThat(outcome).isInstanceOf(JobEvent.ThumbnailsReady.class);
        JobEvent.ThumbnailsReady ready = (JobEvent.ThumbnailsReady) outcome;
        // 720 wide: 160, 320 and 640 from the ladder of widths, then the frame's own width instead of 1080.
        assertThat(ready.thumbnails()).extracting(Thumbnail::format, Thumbnail::width, Thumbnail::height)
                .containsExactlyInAnyOrder(
                        tuple("webp", 160, 284), tuple("jpeg", 160, 284),
                        tuple("webp", 320, 569), tuple("jpeg", 320, 569),
                        tuple("webp", 640, 1138), tuple("jpeg", 640, 1138),
                        tuple("webp", 720, 1280), tuple("jpeg", 720, 1280));
        String prefix = ready.thumbnails().getFirst().key().substring(0, ready.thumbnails().getFirst().key()
                .lastIndexOf('/') + 1);
        assertThat(prefix).startsWith("img/" + job.videoId() + "/");
        for (Thumbnail thumbnail : ready.thumbnails()) {
            assertThat(thumbnail.key()).isEqualTo(prefix + "poster-" + thumbnail.width()
                    + ("webp".equals(thumbnail.format()) ? ".webp" : ".jpg"));
            assertThat(thumbnail.contentType()).isEqualTo("webp".equals(thumbnail.format()) ? "image/webp" : "image/jpeg");
            BufferedImage image = ImageIO.read(fetch(thumbnail.key(), thumbnail.contentType()).toFile());
            assertThat(image).as("%s decodes", thumbnail.key()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(thumbnail.width());
            assertThat(image.getHeight()).isEqualTo(thumbnail.height());
        }

        assertThat(ready.placeholder()).isNotNull();
        assertThat(ready.placeholder().blurhash()).as("3x4 components for portrait").hasSize(4 + 2 * 12)
                .startsWith("T");
        assertThat(ready.placeholder().dominantColor()).matches("#[0-9a-f]{6}");

        assertThat(ready.storyboard()).isNotNull();
        assertThat(ready.storyboard().vttKey()).isEqualTo(prefix + "storyboard.vtt");
        assertThat(ready.storyboard().spriteKeys()).containsExactly(prefix + "sprite-0.jpg");
        String vtt = Files.readString(fetch(ready.storyboard().vttKey(), "text/vtt; charset=utf-8"));
        List<VttCues.Cue> cues = VttCues.parse(vtt);
        assertThat(cues).hasSize(2);
        assertThat(cues.getFirst().startMs()).isZero();
        assertThat(cues.getLast().endMs()).isBetween(1_900L, 2_100L);
        BufferedImage sprite = ImageIO.read(fetch(ready.storyboard().spriteKeys().getFirst(), "image/jpeg").toFile());
        for (VttCues.Cue cue : cues) {
            assertThat(cue.image()).isEqualTo("sprite-0.jpg");
            assertThat(cue.height()).as("portrait tiles").isGreaterThan(cue.width());
            assertThat(cue.x() + cue.width()).isLessThanOrEqualTo(sprite.getWidth());
            assertThat(cue.y() + cue.height()).isLessThanOrEqualTo(sprite.getHeight());
        }

        assertThat(ready.previewKey()).isEqualTo(prefix + "preview.webp");
        byte[] preview = Files.readAllBytes(fetch(ready.previewKey(), "image/webp"));
        assertThat(new String(preview, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WEBPVP8X");
        assertThat(new String(preview, StandardCharsets.ISO_8859_1)).as("animated").contains("ANIM", "ANMF");
        assertThat(preview.length).as("preview bytes").isBetween(1_000, 512 * 1024);
    }

    @Test
    void audioOnlySourceFailsWithAReasonAndTheWorkerKeepsServing() throws Exception {
        Path audioOnly = SampleMedia.shared("sample_audio_only.mp4");
        String audioKey = StorageKeys.source(UUID.randomUUID());
        store.putFile(audioKey, audioOnly, "video/mp4", CacheControl.PRIVATE, ObjectStore.Access.PRIVATE);

        JobEvent failed = publishAndAwaitOutcome(thumbnailJob(audioKey));
        JobEvent next = publishAndAwaitOutcome(thumbnailJob(portraitKey));

        assertThat(failed).isInstanceOfSatisfying(JobEvent.Failed.class,
                f -> assertThat(f.reason()).contains("no video stream"));
        assertThat(next).isInstanceOfSatisfying(JobEvent.ThumbnailsReady.class,
                ready -> assertThat(ready.thumbnails()).hasSize(8));
    }

    /** Checks an object's stored headers and downloads it. */
    private static Path fetch(String key, String contentType) throws Exception {
        HeadObjectResponse head = store.head(key);
        assertThat(head.contentType()).as("Content-Type of %s", key).isEqualTo(contentType);
        assertThat(head.cacheControl()).as("Cache-Control of %s", key).isEqualTo(CacheControl.IMMUTABLE);
        Path local = media.resolve(key.replace('/', '_'));
        store.download(key, local, 10L * 1024 * 1024);
        assertThat(Files.size(local)).as("%s has a sensible size", key).isBetween(100L, 500_000L);
        return local;
    }

    private static MediaJob thumbnailJob(String sourceKey) {
        return new MediaJob(UUID.randomUUID(), UUID.randomUUID(), JobKind.THUMBNAIL, "it-creator", sourceKey,
                Instant.now());
    }

    /** Publishes a job and reads the status queue until that job's result (not its {@code Started}) arrives. */
    private static JobEvent publishAndAwaitOutcome(MediaJob job) {
        publisher.publish(topology.jobsExchange(), topology.jobRoutingKey(JobKind.THUMBNAIL), job.jobId(),
                codec.write(job));
        long deadline = System.nanoTime() + OUTCOME_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = rabbit.receive(topology.statusQueue(), 1_000);
            if (message == null) {
                continue;
            }
            JobEvent event = codec.read(message.getBody(), JobEvent.class);
            if (event.jobId().equals(job.jobId()) && !(event instanceof JobEvent.Started)) {
                return event;
            }
        }
        throw new AssertionError("no outcome for job " + job.jobId() + " within " + OUTCOME_WAIT);
    }
}
