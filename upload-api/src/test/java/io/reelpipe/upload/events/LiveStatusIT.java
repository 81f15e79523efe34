package io.reelpipe.upload.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.Rendition;
import io.reelpipe.core.contract.Thumbnail;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.MultipartBody;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.upload.support.TestApps;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Status for creators, end to end through RabbitMQ and PostgreSQL: the owner's SSE stream follows the video, signed
 * webhooks are retried with backoff until the receiver takes them, and identical content from the same creator
 * reuses finished renditions.
 */
class LiveStatusIT {

    /** Users are unique per run: the shared test database keeps earlier runs' uploads, quotas and videos. */
    static final String RUN = Long.toString(System.nanoTime(), 36);

    static String user(String name) {
        return name + "-" + RUN;
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static DevTokens tokens;
    static String base;
    static HttpClient http = HttpClient.newHttpClient();
    static Path clip;
    static HttpServer receiver;
    static BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    static AtomicInteger refuseNext = new AtomicInteger();

    record Received(String event, String delivery, String signature, String body, long atMillis) {}

    @BeforeAll
    static void start() throws Exception {
        LocalServices.requireUp();
        tokens = new DevTokens(dir.resolve("keys"));
        Map<String, Object> properties = TestApps.properties("it-live", tokens, dir);
        properties.put("reelpipe.webhooks.poll-interval", "100ms");
        properties.put("reelpipe.webhooks.first-retry", "300ms");
        properties.put("reelpipe.webhooks.allow-private-targets", true);
        app = TestApps.start(properties);
        base = TestApps.base(app);
        clip = SampleMedia.generate(dir, "clip.mp4", 1, 160, 284, false);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            received.add(new Received(exchange.getRequestHeaders().getFirst("ReelPipe-Event"),
                    exchange.getRequestHeaders().getFirst("ReelPipe-Delivery"),
                    exchange.getRequestHeaders().getFirst("ReelPipe-Signature"),
                    new String(body, StandardCharsets.UTF_8), System.currentTimeMillis()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        TestApps.closeAndClean(app);
    }

    static JsonNode upload(String user) throws Exception {
        MultipartBody body = new MultipartBody().field("title", "Live").file("file", "a.mp4", "video/mp4", clip);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/videos"))
                .header("Authorization", "Bearer " + tokens.token(user))
                .header("Content-Type", body.contentType()).POST(body.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    static UUID job(UUID video, JobKind kind) {
        return app.getBean(JdbcClient.class).sql("SELECT id FROM jobs WHERE video_id = ? AND kind = ?")
                .param(video).param(kind.name()).query(UUID.class).single();
    }

    /** Publishes a worker's event to the events exchange, as a worker would. */
    static void publish(JobEvent event) {
        TestApps.publish(app, event);
    }

    static void finish(UUID video) {
        UUID transcode = job(video, JobKind.TRANSCODE);
        publish(new JobEvent.Started(UUID.randomUUID(), transcode, video, JobKind.TRANSCODE, Instant.now(), 1));
        publish(new JobEvent.LadderReady(UUID.randomUUID(), transcode, video, JobKind.TRANSCODE, Instant.now(),
                "hls/" + video + "/abcdef12/master.m3u8", 1000, 160, 284, List.of(
                        new Rendition("360p", 360, 640, 900_000, 700_000, "avc1.64001e,mp4a.40.2",
                                "hls/" + video + "/abcdef12/360p/index.m3u8"))));
        publish(new JobEvent.ThumbnailsReady(UUID.randomUUID(), job(video, JobKind.THUMBNAIL), video,
                JobKind.THUMBNAIL, Instant.now(), List.of(new Thumbnail("webp", 320, 569,
                        "img/" + video + "/abcdef12/poster-320.webp", "image/webp")), null, null, null));
    }

    static HttpResponse<Stream<String>> events(UUID video, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/videos/" + video + "/events"))
                .header("Authorization", "Bearer " + tokens.token(user)).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void theOwnersEventStreamFollowsTheVideoUntilItIsReadyAndNobodyElseCanOpenIt() throws Exception {
        UUID video = UUID.fromString(upload(user("live-alice")).path("id").asString());
        assertThat(events(video, user("live-mallory")).statusCode()).isEqualTo(404);

        HttpResponse<Stream<String>> stream = events(video, user("live-alice"));
        assertThat(stream.statusCode()).isEqualTo(200);
        BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> stream.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> statuses.add(JSON.readTree(line.substring(5)).path("status").asString())));
        assertThat(statuses.poll(10, TimeUnit.SECONDS)).isEqualTo("UPLOADED");

        finish(video);

        List<String> seen = new ArrayList<>();
        String status;
        while ((status = statuses.poll(20, TimeUnit.SECONDS)) != null) {
            seen.add(status);
            if (status.equals("READY")) {
                break;
            }
        }
        assertThat(seen).contains("PROCESSING").endsWith("READY");
        reader.join(java.time.Duration.ofSeconds(10));
        assertThat(reader.isAlive()).as("the stream ends once the video is READY").isFalse();
    }

    @Test
    void webhooksAreSignedRetriedWithBackoffAndAnnounceRenditionsAndTheReadyVideo() throws Exception {
        String user = user("live-bob");
        String secret = register(user, base + "/ignored").path("secret").asString();
        JsonNode hook = register(user, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        deleteWebhook(user, secret);
        UUID video = UUID.fromString(upload(user).path("id").asString());
        received.clear();
        refuseNext.set(1);

        finish(video);

        Received first = received.poll(20, TimeUnit.SECONDS);
        Received retry = null;
        List<Received> accepted = new ArrayList<>();
        while (accepted.size() < 2) {
            Received next = received.poll(20, TimeUnit.SECONDS);
            assertThat(next).as("deliveries so far: %s", accepted).isNotNull();
            if (next.delivery().equals(first.delivery())) {
                retry = next;
            }
            accepted.add(next);
        }
        assertThat(retry).as("the refused delivery came again").isNotNull();
        assertThat(retry.atMillis() - first.atMillis()).isGreaterThanOrEqualTo(250);
        assertThat(accepted).extracting(Received::event)
                .containsExactlyInAnyOrder(VideoEvents.RENDITION_READY, VideoEvents.READY);
        for (Received delivery : accepted) {
            assertThat(verify(hook.path("secret").asString(), delivery)).as("signature of %s", delivery).isTrue();
            assertThat(verify("whsec_wrong", delivery)).isFalse();
            JsonNode payload = JSON.readTree(delivery.body());
            assertThat(payload.path("type").asString()).isEqualTo(delivery.event());
            assertThat(payload.path("data").path("video").path("id").asString()).isEqualTo(video.toString());
        }
        assertThat(accepted.stream().filter(d -> d.event().equals(VideoEvents.READY)).findFirst().orElseThrow().body())
                .contains("\"status\":\"READY\"");
    }

    @Test
    void aFailedVideoSendsVideoFailedWithTheReason() throws Exception {
        String user = user("live-carol");
        register(user, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        UUID video = UUID.fromString(upload(user).path("id").asString());
        received.clear();

        publish(new JobEvent.Failed(UUID.randomUUID(), job(video, JobKind.TRANSCODE), video, JobKind.TRANSCODE,
                Instant.now(), "the file has no video stream"));

        Received failed = received.poll(20, TimeUnit.SECONDS);
        assertThat(failed).isNotNull();
        assertThat(failed.event()).isEqualTo(VideoEvents.FAILED);
        assertThat(failed.body()).contains("the file has no video stream");
    }

    @Test
    void identicalContentFromTheSameCreatorReusesTheFinishedRenditionsAndQueuesNoJob() throws Exception {
        UUID first = UUID.fromString(upload(user("live-dave")).path("id").asString());
        app.getBean(io.reelpipe.core.storage.ObjectStore.class).putBytes("hls/" + first + "/abcdef12/master.m3u8",
                "#EXTM3U\n".getBytes(), "application/vnd.apple.mpegurl", "no-store",
                io.reelpipe.core.storage.ObjectStore.Access.PRIVATE);
        finish(first);
        awaitStatus(first, user("live-dave"), "READY");

        JsonNode again = upload(user("live-dave"));
        JsonNode stranger = upload(user("live-erin"));

        assertThat(again.path("status").asString()).isEqualTo("READY");
        assertThat(again.path("hlsUrl").asString()).contains("hls/" + first + "/abcdef12/master.m3u8");
        assertThat(again.path("thumbnails")).hasSize(1);
        assertThat(app.getBean(JdbcClient.class).sql("SELECT count(*) FROM jobs WHERE video_id = ?")
                .param(UUID.fromString(again.path("id").asString())).query(Long.class).single()).isZero();
        assertThat(stranger.path("status").asString()).as("another creator's upload is processed anew")
                .isEqualTo("UPLOADED");
    }

    @Test
    void aTwinWhoseOutputsAreNoLongerStoredIsNotReused() throws Exception {
        UUID first = UUID.fromString(upload(user("live-gina")).path("id").asString());
        finish(first);
        awaitStatus(first, user("live-gina"), "READY");

        assertThat(upload(user("live-gina")).path("status").asString()).isEqualTo("UPLOADED");
    }

    @Test
    void webhookRegistrationRefusesBadUrlsUnknownEventsAndUnknownFields() throws Exception {
        assertThat(post(user("live-frank"), "/v1/webhooks", "{\"url\": \"ftp://example.com/x\"}").statusCode()).isEqualTo(400);
        assertThat(post(user("live-frank"), "/v1/webhooks", "{\"url\": \"not a url\"}").statusCode()).isEqualTo(400);
        assertThat(post(user("live-frank"), "/v1/webhooks", "{\"url\": \"http://u:p@example.com/\"}").statusCode())
                .isEqualTo(400);
        assertThat(post(user("live-frank"), "/v1/webhooks",
                "{\"url\": \"https://example.com/\", \"events\": [\"video.deleted\"]}").statusCode()).isEqualTo(400);
        assertThat(post(user("live-frank"), "/v1/webhooks",
                "{\"url\": \"https://example.com/\", \"ownerId\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(post(user("live-frank"), "/v1/webhooks", "{oops").statusCode()).isEqualTo(400);
    }

    static boolean verify(String secret, Received delivery) {
        Map<String, String> parts = new java.util.HashMap<>();
        for (String part : delivery.signature().split(",")) {
            String[] kv = part.split("=", 2);
            parts.put(kv[0], kv[1]);
        }
        long timestamp = Long.parseLong(parts.get("t"));
        return Math.abs(Instant.now().getEpochSecond() - timestamp) < 300
                && java.security.MessageDigest.isEqual(
                        WebhookSignature.hmac(secret, timestamp + "." + delivery.body()).getBytes(),
                        parts.get("v1").getBytes());
    }

    static JsonNode register(String user, String url) throws Exception {
        HttpResponse<String> response = post(user, "/v1/webhooks", "{\"url\": \"" + url + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    /** Deletes the user's webhook whose secret is {@code secret} (the first one registered in the test). */
    static void deleteWebhook(String user, String secret) throws Exception {
        UUID id = app.getBean(JdbcClient.class).sql("SELECT id FROM webhook_subscriptions WHERE secret = ?")
                .param(secret).query(UUID.class).single();
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/webhooks/" + id))
                .header("Authorization", "Bearer " + tokens.token(user("live-mallory"))).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        HttpResponse<String> own = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/webhooks/" + id))
                .header("Authorization", "Bearer " + tokens.token(user)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(own.statusCode()).isEqualTo(204);
    }

    static HttpResponse<String> post(String user, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + tokens.token(user)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void awaitStatus(UUID video, String user, String status) throws Exception {
        HttpResponse<Stream<String>> stream = events(video, user);
        assertThat(stream.body().filter(line -> line.startsWith("data:"))
                .map(line -> JSON.readTree(line.substring(5)).path("status").asString())
                .anyMatch(status::equals)).isTrue();
    }
}
