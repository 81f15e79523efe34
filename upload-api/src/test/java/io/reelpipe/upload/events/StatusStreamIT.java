package io.reelpipe.upload.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.upload.support.TestApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live status streams across instances and across a lost LISTEN connection: two upload-api instances on the same
 * database and AMQP namespace, where only instance A consumes workers' events and the streams are opened on B, so
 * whatever B's subscribers see came to B through PostgreSQL notifications (or B's refresh after reconnecting).
 */
class StatusStreamIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static DevTokens tokens;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    /** The application_name of B's database connections, which tells B's LISTEN backend from everybody else's. */
    static String bConnections;
    static JdbcClient jdbc;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        LocalServices.requireUp();
        tokens = new DevTokens(dir.resolve("keys"));
        Map<String, Object> shared = TestApps.properties("it-stream", tokens, dir);
        String namespace = (String) shared.get("reelpipe.amqp.namespace");
        a = TestApps.start(instance(shared, namespace + "-a", "spool-a"));
        bConnections = namespace + "-b";
        b = TestApps.start(instance(shared, bConnections, "spool-b"));
        // B applies no worker event of its own: every change it streams was committed by A.
        b.getBean("statusListenerContainer", SimpleMessageListenerContainer.class).stop();
        jdbc = a.getBean(JdbcClient.class);
    }

    /** The shared properties, with connections named {@code applicationName} and a spool of the instance's own. */
    private static Map<String, Object> instance(Map<String, Object> shared, String applicationName, String spool) {
        Map<String, Object> properties = new HashMap<>(shared);
        properties.put("spring.datasource.url", LocalServices.JDBC_URL + "?ApplicationName=" + applicationName);
        properties.put("reelpipe.uploads.spool-dir", dir.resolve(spool).toString());
        return properties;
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        // Same namespace and bucket: cleaning up after A removes B's queues and objects too.
        TestApps.closeAndClean(a);
    }

    /** An UPLOADED video of {@code owner} with a queued transcode job, as the upload path leaves it. */
    record Video(UUID id, UUID transcodeJob, String owner) {}

    static Video video(String name) {
        Video video = new Video(UUID.randomUUID(), UUID.randomUUID(), LocalServices.uniqueName(name));
        jdbc.sql("INSERT INTO profiles (id) VALUES (?) ON CONFLICT DO NOTHING").param(video.owner()).update();
        jdbc.sql("""
                INSERT INTO videos (id, owner_id, title, visibility, status, source_key, source_bytes, source_sha256,
                                    source_format)
                VALUES (?, ?, 't', 'PUBLIC', 'UPLOADED', 'src/x', 1, 'h', 'MP4')
                """).param(video.id()).param(video.owner()).update();
        jdbc.sql("INSERT INTO jobs (id, video_id, kind, status) VALUES (?, ?, 'TRANSCODE', 'QUEUED')")
                .param(video.transcodeJob()).param(video.id()).update();
        return video;
    }

    /** Publishes a worker's event to the events exchange, as a worker would; only A consumes it. */
    static void publish(JobEvent event) {
        TestApps.publish(a, event);
    }

    /** The statuses one SSE subscriber receives, in order, read on a thread of its own. */
    static final class Subscriber {

        private final BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
        private final CountDownLatch ended = new CountDownLatch(1);

        Subscriber(ConfigurableApplicationContext app, Video video) throws Exception {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(
                            URI.create(TestApps.base(app) + "/v1/videos/" + video.id() + "/events"))
                    .header("Authorization", "Bearer " + tokens.token(video.owner()))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            Thread.ofVirtual().start(() -> {
                try (Stream<String> lines = response.body()) {
                    lines.filter(line -> line.startsWith("data:"))
                            .forEach(line -> statuses.add(JSON.readTree(line.substring(5)).path("status").asString()));
                } finally {
                    ended.countDown();
                }
            });
        }

        /** The next status received, failing after {@link #WAIT}. */
        String next() throws InterruptedException {
            String status = statuses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(status).as("a status event within %s", WAIT).isNotNull();
            return status;
        }

        boolean ends() throws InterruptedException {
            return ended.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Fails the video through A: its streams get FAILED and end, so no stream outlives the test. */
    static void fail(Video video, Subscriber subscriber) throws InterruptedException {
        publish(new JobEvent.Failed(UUID.randomUUID(), video.transcodeJob(), video.id(), JobKind.TRANSCODE,
                Instant.now(), "the test is over"));
        assertThat(subscriber.next()).isEqualTo("FAILED");
        assertThat(subscriber.ends()).as("the stream ends once the video FAILED").isTrue();
    }

    /** The pids of B's backends that last ran a LISTEN: the status listener's connection. */
    static List<Integer> listeners() {
        return jdbc.sql("""
                SELECT pid FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = ? AND query LIKE 'LISTEN%'
                """).param(bConnections).query(Integer.class).list();
    }

    @Test
    void aStatusChangeAppliedByOneInstanceReachesTheStreamOpenOnAnother() throws Exception {
        assertThat(b.getBean("statusListenerContainer", SimpleMessageListenerContainer.class).isRunning())
                .as("B consumes no worker events").isFalse();
        Video video = video("stream-cross");
        Subscriber onB = new Subscriber(b, video);
        assertThat(onB.next()).isEqualTo("UPLOADED");

        publish(new JobEvent.Started(UUID.randomUUID(), video.transcodeJob(), video.id(), JobKind.TRANSCODE,
                Instant.now(), 1));

        assertThat(onB.next()).isEqualTo("PROCESSING");
        fail(video, onB);
    }

    @Test
    void aStreamMissesNoChangeWhenItsInstanceLosesTheListenConnection() throws Exception {
        Video video = video("stream-reconnect");
        Subscriber onB = new Subscriber(b, video);
        assertThat(onB.next()).isEqualTo("UPLOADED");
        List<Integer> before = await().atMost(WAIT).until(StatusStreamIT::listeners, pids -> pids.size() == 1);

        // A change B cannot hear, like one committed while its listener is away: notifications sent in the gap are
        // lost, so only the refresh after reconnecting can bring it.
        jdbc.sql("UPDATE videos SET status = 'PROCESSING', updated_at = now() WHERE id = ?").param(video.id())
                .update();
        assertThat(jdbc.sql("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE pid = ? AND application_name = ? AND query LIKE 'LISTEN%'
                """).param(before.getFirst()).param(bConnections).query(Boolean.class).single()).isTrue();

        assertThat(onB.next()).as("the refresh after reconnecting").isEqualTo("PROCESSING");
        assertThat(listeners()).as("B listens again, on another connection").hasSize(1)
                .doesNotContainAnyElementsOf(before);

        publish(new JobEvent.Playable(UUID.randomUUID(), video.transcodeJob(), video.id(), JobKind.TRANSCODE,
                Instant.now(), "hls/" + video.id() + "/abcdef12/live.m3u8"));

        assertThat(onB.next()).as("a notification on the new connection").isEqualTo("PLAYABLE");
        fail(video, onB);
    }
}
