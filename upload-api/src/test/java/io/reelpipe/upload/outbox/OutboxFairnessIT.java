package io.reelpipe.upload.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.media.ContainerFormat;
import io.reelpipe.core.messaging.ConfirmedPublisher;
import io.reelpipe.core.messaging.Topology;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.source.StoredSource;
import io.reelpipe.upload.support.TestApps;
import io.reelpipe.upload.video.VideoMetadata;
import io.reelpipe.upload.video.VideoRegistrar;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-creator fairness of the outbox relay on the real PostgreSQL and RabbitMQ: round-robin over creators, the
 * in-flight limit per creator and queue, a finished job releasing the creator's next one through the status consumer,
 * two relays at once, and rows without a creator. Tests run batches themselves; the application's relay loop runs
 * only in the tests about the status consumer waking it, and polls only once an hour, so there a job moves only
 * because the status consumer woke the relay.
 */
class OutboxFairnessIT {

    private static final int LIMIT = 4;

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static Topology topology;
    static JdbcClient jdbc;
    static OutboxRelay relay;
    static VideoRegistrar registrar;
    static ConfirmedPublisher publisher;
    static MessageCodec codec;
    static CachingConnectionFactory directRabbit;
    static RabbitTemplate rabbit;

    @BeforeAll
    static void start() {
        LocalServices.requireUp();
        Map<String, Object> properties = TestApps.properties("it-fair", new DevTokens(dir.resolve("keys")), dir);
        properties.put("reelpipe.outbox.poll-interval", "1h");
        properties.put("reelpipe.outbox.max-in-flight-per-creator", LIMIT);
        properties.put("reelpipe.upload.reuse-identical-content", false);
        app = TestApps.start(properties);
        topology = app.getBean(Topology.class);
        jdbc = app.getBean(JdbcClient.class);
        relay = app.getBean(OutboxRelay.class);
        registrar = app.getBean(VideoRegistrar.class);
        publisher = app.getBean(ConfirmedPublisher.class);
        codec = app.getBean(MessageCodec.class);
        directRabbit = new CachingConnectionFactory(LocalServices.HOST, LocalServices.RABBIT_PORT);
        rabbit = new RabbitTemplate(directRabbit);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            // Unsent rows for this run's exchange would be unroutable for later relays once the queues are gone.
            jdbc.sql("DELETE FROM outbox WHERE exchange = ?").param(topology.jobsExchange()).update();
        }
        if (directRabbit != null) {
            directRabbit.destroy();
        }
        TestApps.closeAndClean(app);
    }

    /** Each test starts with the relay loop stopped, empty queues and no held-back rows, whatever came before. */
    @BeforeEach
    void emptyQueues() {
        relay.stop();
        jdbc.sql("DELETE FROM outbox WHERE exchange = ? AND sent_at IS NULL").param(topology.jobsExchange()).update();
        RabbitAdmin admin = new RabbitAdmin(directRabbit);
        for (JobKind kind : JobKind.values()) {
            admin.purgeQueue(topology.jobQueue(kind), false);
        }
    }

    @Test
    void aCreatorsSingleUploadIsPublishedAheadOfAnotherCreatorsFiftyEarlierOnes() {
        String bulk = LocalServices.uniqueName("bulk");
        String single = LocalServices.uniqueName("single");
        List<UUID> bulkVideos = upload(bulk, 50);
        List<UUID> singleVideo = upload(single, 1);

        relay.relayBatch();

        for (JobKind kind : JobKind.values()) {
            List<MediaJob> queued = drain(kind);
            // Round-robin by rank: each creator's oldest job, then the bulk creator's next ones up to its limit.
            assertThat(queued).extracting(MediaJob::ownerId).containsExactly(bulk, single, bulk, bulk, bulk);
            assertThat(queued).extracting(MediaJob::videoId).containsExactly(bulkVideos.get(0), singleVideo.get(0),
                    bulkVideos.get(1), bulkVideos.get(2), bulkVideos.get(3));
        }
        assertThat(unsent(bulk)).isEqualTo(2 * (50 - LIMIT));
        assertThat(app.getBean(MeterRegistry.class).get("reelpipe.outbox.held.back").gauge().value())
                .isEqualTo(2 * (50 - LIMIT));

        relay.relayBatch();

        assertThat(drain(JobKind.TRANSCODE)).isEmpty();
        assertThat(drain(JobKind.THUMBNAIL)).isEmpty();
    }

    @Test
    void aFinishedOrFailedJobReleasesTheCreatorsNextOneThroughTheStatusConsumer() {
        String creator = LocalServices.uniqueName("release");
        List<UUID> videos = upload(creator, LIMIT + 2);
        relay.relayBatch();
        assertThat(drain(JobKind.TRANSCODE)).extracting(MediaJob::videoId).containsExactlyElementsOf(
                videos.subList(0, LIMIT));
        assertThat(drain(JobKind.THUMBNAIL)).extracting(MediaJob::videoId).containsExactlyElementsOf(
                videos.subList(0, LIMIT));
        relay.start();

        // The relay polls once an hour: only the status consumer's wake-up can release the next job this soon.
        report(new JobEvent.LadderReady(UUID.randomUUID(), job(videos.get(0), JobKind.TRANSCODE), videos.get(0),
                JobKind.TRANSCODE, Instant.now(), "hls/" + videos.get(0) + "/a/master.m3u8", 1000, 720, 1280,
                List.of()));
        assertThat(next(JobKind.TRANSCODE).videoId()).isEqualTo(videos.get(LIMIT));
        report(new JobEvent.Failed(UUID.randomUUID(), job(videos.get(1), JobKind.THUMBNAIL), videos.get(1),
                JobKind.THUMBNAIL, Instant.now(), "undecodable"));
        assertThat(next(JobKind.THUMBNAIL).videoId()).isEqualTo(videos.get(LIMIT));

        awaitSent(creator, LIMIT + 1);
        relay.relayBatch();
        assertThat(drain(JobKind.TRANSCODE)).isEmpty();
        assertThat(drain(JobKind.THUMBNAIL)).isEmpty();
        assertThat(unsent(creator)).isEqualTo(2);
    }

    @Test
    void aCreatorNeverHasMoreThanTheLimitInFlightWhileAWorkerDrainsItsBulkUpload() throws Exception {
        String bulk = LocalServices.uniqueName("drain");
        String other = LocalServices.uniqueName("other");
        upload(bulk, 12);
        upload(other, 3);
        relay.relayBatch();
        relay.start();

        // A worker that holds up to eight jobs before finishing its oldest, so the limit, not the worker, binds.
        Map<String, Integer> received = new HashMap<>();
        int maxInFlight = 0;
        List<MediaJob> held = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (finished(bulk) + finished(other) < 15 && System.nanoTime() < deadline) {
            Message message = rabbit.receive(topology.jobQueue(JobKind.TRANSCODE), 300);
            if (message != null) {
                MediaJob job = codec.read(message.getBody(), MediaJob.class);
                int count = received.merge(job.ownerId(), 1, Integer::sum);
                // Published minus finished never exceeds the limit; received <= published, finished only grows.
                int inFlight = count - finished(job.ownerId());
                assertThat(inFlight).as("jobs of %s in flight", job.ownerId()).isLessThanOrEqualTo(LIMIT);
                maxInFlight = Math.max(maxInFlight, job.ownerId().equals(bulk) ? inFlight : 0);
                held.add(job);
            }
            if (!held.isEmpty() && (message == null || held.size() >= 8)) {
                MediaJob done = held.removeFirst();
                report(new JobEvent.LadderReady(UUID.randomUUID(), done.jobId(), done.videoId(), JobKind.TRANSCODE,
                        Instant.now(), "hls/" + done.videoId() + "/a/master.m3u8", 1000, 720, 1280, List.of()));
            }
        }

        assertThat(finished(bulk)).isEqualTo(12);
        assertThat(finished(other)).isEqualTo(3);
        assertThat(received).containsEntry(bulk, 12).containsEntry(other, 3);
        assertThat(maxInFlight).isEqualTo(LIMIT);
    }

    @Test
    void twoRelaysAtOncePublishEveryAdmissibleRowExactlyOnce() throws Exception {
        String bulk = LocalServices.uniqueName("twice");
        List<String> creators = new ArrayList<>(List.of(bulk));
        upload(bulk, 20);
        for (int i = 0; i < 20; i++) {
            creators.add(LocalServices.uniqueName("many"));
            upload(creators.getLast(), 3);
        }
        List<UUID> withoutCreator = insertWithoutCreator(10);
        // Small batches, so the two relays interleave many times.
        OutboxProperties small = new OutboxProperties(Duration.ofHours(1), 7, Duration.ofSeconds(5), LIMIT, null);
        List<OutboxRelay> relays = List.of(newRelay(small), newRelay(small));

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(relays.size());
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (OutboxRelay r : relays) {
                runs.add(threads.submit(() -> {
                    go.await();
                    while (r.relayBatch() > 0) {
                        // until this relay finds nothing it can claim
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        // A relay also stops when it found only rows the other held; whatever is left goes now.
        while (relays.getFirst().relayBatch() > 0) {
            // until nothing admissible is left
        }

        List<UUID> published = new ArrayList<>();
        Map<JobKind, Integer> bulkPublished = new HashMap<>();
        for (JobKind kind : JobKind.values()) {
            for (Message message : drainMessages(kind)) {
                published.add(UUID.fromString(message.getMessageProperties().getMessageId()));
                if (bulk.equals(codec.read(message.getBody(), MediaJob.class).ownerId())) {
                    bulkPublished.merge(kind, 1, Integer::sum);
                }
            }
        }
        List<UUID> markedSent = jdbc.sql("""
                SELECT message_id FROM outbox
                 WHERE sent_at IS NOT NULL AND (fair_key = ANY(?) OR message_id = ANY(?))
                """).param(creators.toArray(String[]::new)).param(withoutCreator.toArray(UUID[]::new))
                .query(UUID.class).list();
        assertThat(published).hasSize(20 * 3 * 2 + 2 * LIMIT + withoutCreator.size()).doesNotHaveDuplicates()
                .containsAll(withoutCreator).containsExactlyInAnyOrderElementsOf(markedSent);
        assertThat(bulkPublished).containsEntry(JobKind.TRANSCODE, LIMIT).containsEntry(JobKind.THUMBNAIL, LIMIT);
        assertThat(unsent(bulk)).isEqualTo(2 * (20 - LIMIT));
    }

    @Test
    void rowsWithoutACreatorAreNeverHeldBack() {
        String bulk = LocalServices.uniqueName("busy");
        upload(bulk, 10);
        relay.relayBatch();
        assertThat(drain(JobKind.TRANSCODE)).hasSize(LIMIT);
        drain(JobKind.THUMBNAIL);

        List<UUID> withoutCreator = insertWithoutCreator(LIMIT + 2);
        relay.relayBatch();

        assertThat(drainMessages(JobKind.TRANSCODE)).extracting(m -> UUID.fromString(
                m.getMessageProperties().getMessageId())).containsExactlyElementsOf(withoutCreator);
        assertThat(drain(JobKind.THUMBNAIL)).isEmpty();
        assertThat(unsent(bulk)).isEqualTo(2 * (10 - LIMIT));
        assertThat(app.getBean(MeterRegistry.class).get("reelpipe.outbox.held.back").gauge().value())
                .isEqualTo(2 * (10 - LIMIT));
    }

    /** Registers {@code count} uploads of {@code creator}, each in its own transaction like a real upload. */
    private static List<UUID> upload(String creator, int count) {
        List<UUID> videos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID video = UUID.randomUUID();
            registrar.register(new CurrentUser(creator), video,
                    new VideoMetadata("clip " + i, "", "PUBLIC", List.of(), null, null, null, null),
                    new StoredSource("src/" + video + "/original", 1000, "sha-" + video, ContainerFormat.MP4));
            videos.add(video);
        }
        return videos;
    }

    /** Outbox rows that are not a creator's jobs (as before fairness, or a future non-job message), in id order. */
    private static List<UUID> insertWithoutCreator(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            MediaJob job = new MediaJob(id, UUID.randomUUID(), JobKind.TRANSCODE, "nobody", "src/x", Instant.now());
            jdbc.sql("INSERT INTO outbox (message_id, exchange, routing_key, payload) VALUES (?, ?, ?, ?::jsonb)")
                    .param(id).param(topology.jobsExchange()).param(topology.jobRoutingKey(JobKind.TRANSCODE))
                    .param(codec.writeString(job))
                    .update();
            ids.add(id);
        }
        return ids;
    }

    private static OutboxRelay newRelay(OutboxProperties properties) {
        return new OutboxRelay(jdbc, app.getBean(TransactionTemplate.class), publisher, properties,
                new SimpleMeterRegistry());
    }

    /** Publishes a worker's event to the events exchange, as a worker does. */
    private static void report(JobEvent event) {
        publisher.publish(topology.eventsExchange(), event.routingKey(), event.eventId(), codec.write(event));
    }

    /** Every message on the queue now; a batch has returned, so its confirmed messages are all there. */
    private static List<Message> drainMessages(JobKind kind) {
        String queue = topology.jobQueue(kind);
        List<Message> messages = new ArrayList<>();
        for (Message m = rabbit.receive(queue); m != null; m = rabbit.receive(queue)) {
            messages.add(m);
        }
        return messages;
    }

    private static List<MediaJob> drain(JobKind kind) {
        return drainMessages(kind).stream().map(m -> codec.read(m.getBody(), MediaJob.class)).toList();
    }

    /** The next message on the queue, waiting up to 15 s for it. */
    private static MediaJob next(JobKind kind) {
        Message message = rabbit.receive(topology.jobQueue(kind), 15_000);
        assertThat(message).as("a %s job within 15 s", kind).isNotNull();
        return codec.read(message.getBody(), MediaJob.class);
    }

    private static UUID job(UUID video, JobKind kind) {
        return jdbc.sql("SELECT id FROM jobs WHERE video_id = ? AND kind = ?").param(video).param(kind.name())
                .query(UUID.class).single();
    }

    private static int unsent(String creator) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE fair_key = ? AND sent_at IS NULL").param(creator)
                .query(Integer.class).single();
    }

    private static int finished(String creator) {
        return jdbc.sql("""
                SELECT count(*) FROM jobs j JOIN videos v ON v.id = j.video_id
                 WHERE v.owner_id = ? AND j.kind = 'TRANSCODE' AND j.status = 'DONE'
                """).param(creator).query(Integer.class).single();
    }

    /** Waits until {@code count} rows of the creator per queue are marked sent (the mark commits after the confirm). */
    private static void awaitSent(String creator, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int sent = 0;
        while (System.nanoTime() < deadline) {
            sent = jdbc.sql("SELECT count(*) FROM outbox WHERE fair_key = ? AND sent_at IS NOT NULL")
                    .param(creator).query(Integer.class).single();
            if (sent >= 2 * count) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(sent).isEqualTo(2 * count);
    }
}
