package io.reelpipe.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.messaging.Topology;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.MultipartBody;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.testkit.TcpGate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * upload-api against the real PostgreSQL, RabbitMQ and S3: authentication, refusal of non-video files, the
 * transactional outbox, and the relay publishing what was committed while RabbitMQ was unreachable.
 */
class UploadApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static TcpGate rabbitGate;
    static DevTokens tokens;
    static Topology topology;
    static CachingConnectionFactory directRabbit;
    static RabbitTemplate rabbit;
    static HttpClient http = HttpClient.newHttpClient();
    static String base;
    static Path video;

    @BeforeAll
    static void start() throws Exception {
        LocalServices.requireUp();
        tokens = new DevTokens(dir.resolve("keys"));
        rabbitGate = new TcpGate(LocalServices.RABBIT_PORT);
        rabbitGate.open();
        Map<String, Object> properties = LocalServices.springProperties(
                LocalServices.uniqueName("it-upload"), LocalServices.uniqueName("it-upload"));
        properties.put("spring.rabbitmq.port", rabbitGate.port());
        properties.put("reelpipe.jwt.public-key", tokens.publicKeyPem().toString());
        properties.put("reelpipe.upload.max-multipart-bytes", 2_000_000);
        app = new SpringApplicationBuilder(UploadApiApplication.class).run(LocalServices.asArgs(properties));
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        topology = app.getBean(Topology.class);
        directRabbit = new CachingConnectionFactory(LocalServices.HOST, LocalServices.RABBIT_PORT);
        rabbit = new RabbitTemplate(directRabbit);
        video = SampleMedia.generate(dir, "clip.mp4", 1, 320, 568, true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (directRabbit != null) {
            RabbitAdmin admin = new RabbitAdmin(directRabbit);
            topology.queues().forEach(admin::deleteQueue);
            directRabbit.destroy();
        }
        if (rabbitGate != null) {
            rabbitGate.close();
        }
    }

    private HttpResponse<String> upload(String token, MultipartBody body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/videos"))
                .header("Content-Type", body.contentType())
                .POST(body.publisher());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUploadWithoutATokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = upload(null, new MultipartBody().file("file", "a.mp4", "video/mp4", video));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void tokensWithTheWrongAudienceIssuerOrExpiryOrNoSignatureAreUnauthorized() throws Exception {
        String user = "alice";
        List<String> bad = List.of(
                tokens.token(user, DevTokens.ISSUER, "someone-else", Instant.now().plusSeconds(600)),
                tokens.token(user, "https://evil.example", DevTokens.AUDIENCE, Instant.now().plusSeconds(600)),
                tokens.token(user, DevTokens.ISSUER, DevTokens.AUDIENCE, Instant.now().minusSeconds(600)),
                unsigned(tokens.token(user)),
                new DevTokens(dir.resolve("other-keys")).token(user));
        for (String token : bad) {
            HttpResponse<String> response = get("/v1/videos/" + UUID.randomUUID(), token);
            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
        }
    }

    /** The same claims with {@code alg: none} and no signature. */
    private static String unsigned(String token) {
        String[] parts = token.split("\\.");
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        return header + "." + parts[1] + ".";
    }

    @Test
    void aFileThatIsNotAVideoIsRefusedWithAReason() throws Exception {
        HttpResponse<String> playlist = upload(tokens.token("bob"), new MultipartBody()
                .bytes("file", "movie.mp4", "video/mp4", "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n".getBytes()));
        HttpResponse<String> empty = upload(tokens.token("bob"), new MultipartBody()
                .bytes("file", "movie.mp4", "video/mp4", new byte[0]));
        HttpResponse<String> random = upload(tokens.token("bob"), new MultipartBody()
                .bytes("file", "movie.mp4", "video/mp4", new java.util.Random(7).ints(4096, 0, 256)
                        .collect(java.io.ByteArrayOutputStream::new, (o, b) -> o.write(b), (a, b) -> {})
                        .toByteArray()));

        assertThat(playlist.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(playlist.body()).path("message").asString()).contains("HLS playlist");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).path("message").asString()).contains("empty");
        assertThat(random.statusCode()).isEqualTo(415);
    }

    @Test
    void fieldsAClientMayNotSetAreRefused() throws Exception {
        HttpResponse<String> response = upload(tokens.token("carol"), new MultipartBody()
                .field("status", "READY")
                .file("file", "a.mp4", "video/mp4", video));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("unknown field 'status'");
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() throws Exception {
        byte[] big = new byte[2_100_000];
        System.arraycopy(java.nio.file.Files.readAllBytes(video), 0, big, 0, 1024);

        HttpResponse<String> response = upload(tokens.token("dave"), new MultipartBody()
                .bytes("file", "a.mp4", "video/mp4", big));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void anUploadCommitsTheVideoAndItsJobsAndOnlyItsOwnerSeesIt() throws Exception {
        HttpResponse<String> response = upload(tokens.token("erin"), new MultipartBody()
                .field("title", "Sunset")
                .field("visibility", "private")
                .file("file", "a.mp4", "video/mp4", video));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode created = JSON.readTree(response.body());
        String id = created.path("id").asString();
        assertThat(created.path("status").asString()).isEqualTo("UPLOADED");
        assertThat(created.path("title").asString()).isEqualTo("Sunset");
        assertThat(created.path("visibility").asString()).isEqualTo("PRIVATE");
        assertThat(get("/v1/videos/" + id, tokens.token("erin")).statusCode()).isEqualTo(200);
        assertThat(get("/v1/videos/" + id, tokens.token("mallory")).statusCode()).isEqualTo(404);
        assertThat(get("/v1/videos/not-a-uuid", tokens.token("erin")).statusCode()).isEqualTo(400);
        assertThat(jobsFor(UUID.fromString(id))).hasSize(2);
    }

    @Test
    void theRelayPublishesWhatWasCommittedWhileRabbitMqWasDown() throws Exception {
        rabbitGate.shut();
        UUID id;
        try {
            HttpResponse<String> response = upload(tokens.token("frank"), new MultipartBody()
                    .file("file", "a.mp4", "video/mp4", video));
            assertThat(response.statusCode()).isEqualTo(201);
            id = UUID.fromString(JSON.readTree(response.body()).path("id").asString());
            assertThat(unsentFor(id)).isEqualTo(2);
        } finally {
            rabbitGate.open();
        }

        List<UUID> expected = jobIdsFor(id);
        List<UUID> received = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < expected.size() && System.nanoTime() < deadline) {
            for (String queue : List.of(topology.jobQueue(io.reelpipe.core.contract.JobKind.TRANSCODE),
                    topology.jobQueue(io.reelpipe.core.contract.JobKind.THUMBNAIL))) {
                Message message = rabbit.receive(queue, 500);
                if (message != null) {
                    UUID jobId = UUID.fromString(message.getMessageProperties().getMessageId());
                    if (expected.contains(jobId)) {
                        received.add(jobId);
                    }
                }
            }
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
        // The relay marks rows sent in the transaction after the broker's confirms: a consumer can be faster.
        while (unsentFor(id) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(unsentFor(id)).isZero();
    }

    private List<String> jobsFor(UUID videoId) {
        return jdbc().sql("SELECT kind FROM jobs WHERE video_id = ?").param(videoId).query(String.class).list();
    }

    private List<UUID> jobIdsFor(UUID videoId) {
        return jdbc().sql("SELECT id FROM jobs WHERE video_id = ?").param(videoId).query(UUID.class).list();
    }

    private long unsentFor(UUID videoId) {
        return jdbc().sql("""
                SELECT count(*) FROM outbox o JOIN jobs j ON j.id = o.message_id
                 WHERE j.video_id = ? AND o.sent_at IS NULL
                """).param(videoId).query(Long.class).single();
    }

    private JdbcClient jdbc() {
        return app.getBean(JdbcClient.class);
    }
}
