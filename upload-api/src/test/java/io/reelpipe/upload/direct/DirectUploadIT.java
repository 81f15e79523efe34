package io.reelpipe.upload.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.upload.support.TestApps;
import io.reelpipe.upload.support.Hashes;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Presigned direct uploads against real S3: parts PUT with the AWS SDK's HTTP client straight to storage, then
 * completed through the API, which verifies size and content before any job exists.
 */
class DirectUploadIT {

    /** Users are unique per run: the shared test database keeps earlier runs' uploads, quotas and videos. */
    static final String RUN = Long.toString(System.nanoTime(), 36);

    static String user(String name) {
        return name + "-" + RUN;
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static DevTokens tokens;
    static String base;
    static HttpClient http = HttpClient.newHttpClient();
    static SdkHttpClient sdkHttp;
    static byte[] head;

    @BeforeAll
    static void start() throws Exception {
        LocalServices.requireUp();
        tokens = new DevTokens(dir.resolve("keys"));
        Map<String, Object> properties = TestApps.properties("it-direct", tokens, dir);
        properties.put("reelpipe.uploads.part-size", 5 * MIB);
        properties.put("reelpipe.uploads.max-size", 64 * MIB);
        app = TestApps.start(properties);
        base = TestApps.base(app);
        sdkHttp = Apache5HttpClient.create();
        head = Files.readAllBytes(SampleMedia.generate(dir, "clip.mp4", 1, 160, 284, false));
    }

    @AfterAll
    static void stop() {
        sdkHttp.close();
        TestApps.closeAndClean(app);
    }

    static byte[] videoLike(int size) {
        return TestApps.videoLike(head, size);
    }

    static HttpResponse<String> post(String path, String user, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + tokens.token(user))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PUTs every part of {@code bytes} to its presigned URL with the AWS SDK's HTTP client; returns the response. */
    static JsonNode uploadParts(JsonNode started, byte[] bytes, int skipPart) throws Exception {
        long partSize = started.path("partSize").asLong();
        for (JsonNode part : started.path("parts")) {
            int number = part.path("partNumber").asInt();
            if (number == skipPart) {
                continue;
            }
            int from = (int) ((number - 1) * partSize);
            int length = (int) Math.min(partSize, bytes.length - from);
            SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.PUT)
                    .uri(URI.create(part.path("url").asString()))
                    .putHeader("Content-Length", Integer.toString(length))
                    .build();
            HttpExecuteResponse response = sdkHttp.prepareRequest(HttpExecuteRequest.builder()
                    .request(request)
                    .contentStreamProvider(() -> new ByteArrayInputStream(bytes, from, length))
                    .build()).call();
            assertThat(response.httpResponse().statusCode()).as("PUT part %d", number).isEqualTo(200);
        }
        return started;
    }

    static JsonNode start(String user, long size, String metadata) throws Exception {
        HttpResponse<String> response = post("/v1/uploads/direct", user,
                "{\"size\": " + size + (metadata == null ? "" : ", \"metadata\": " + metadata) + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    static JdbcClient jdbc() {
        return app.getBean(JdbcClient.class);
    }

    @Test
    void aPresignedUploadWithTheAwsSdkCompletedThroughTheApiBecomesAVideoWithItsJobs() throws Exception {
        byte[] video = videoLike(12 * MIB + 777);
        JsonNode started = start(user("direct-alice"), video.length, "{\"title\": \"Direct\", \"visibility\": \"unlisted\"}");
        assertThat(started.path("parts")).hasSize(3);
        uploadParts(started, video, 0);

        HttpResponse<String> completed = post(started.path("complete").asString(), user("direct-alice"), null);

        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(201);
        JsonNode videoJson = JSON.readTree(completed.body());
        UUID id = UUID.fromString(videoJson.path("id").asString());
        assertThat(videoJson.path("status").asString()).isEqualTo("UPLOADED");
        assertThat(videoJson.path("title").asString()).isEqualTo("Direct");
        assertThat(videoJson.path("visibility").asString()).isEqualTo("UNLISTED");
        assertThat(Hashes.storedSha256(app.getBean(ObjectStore.class), id)).isEqualTo(Hashes.sha256(video));
        assertThat(jdbc().sql("SELECT count(*) FROM jobs WHERE video_id = ?").param(id).query(Long.class).single())
                .isEqualTo(2);
        assertThat(post(started.path("complete").asString(), user("direct-alice"), null).statusCode())
                .as("completing twice is harmless").isEqualTo(201);
    }

    @Test
    void completingBeforeEveryPartIsStoredIs409AndTheUploadCanStillFinish() throws Exception {
        byte[] video = videoLike(11 * MIB);
        JsonNode started = start(user("direct-bob"), video.length, null);
        uploadParts(started, video, 2);

        HttpResponse<String> early = post(started.path("complete").asString(), user("direct-bob"), null);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.body()).contains("incomplete_upload");

        uploadParts(started, video, 0);
        assertThat(post(started.path("complete").asString(), user("direct-bob"), null).statusCode()).isEqualTo(201);
    }

    @Test
    void anObjectThatIsNotAVideoIsRefusedAndDeletedBeforeAnyJobExists() throws Exception {
        byte[] garbage = new byte[6 * MIB];
        new Random(3).nextBytes(garbage);
        JsonNode started = start(user("direct-carol"), garbage.length, null);
        uploadParts(started, garbage, 0);
        UUID id = UUID.fromString(started.path("id").asString());

        HttpResponse<String> completed = post(started.path("complete").asString(), user("direct-carol"), null);

        assertThat(completed.statusCode()).isEqualTo(415);
        assertThat(completed.body()).contains("unsupported_media");
        assertThat(app.getBean(ObjectStore.class).list(StorageKeys.source(id))).isEmpty();
        assertThat(jdbc().sql("SELECT count(*) FROM videos WHERE id = ?").param(id).query(Long.class).single()).isZero();
        assertThat(jdbc().sql("SELECT count(*) FROM jobs WHERE video_id = ?").param(id).query(Long.class).single())
                .isZero();
        assertThat(post(started.path("complete").asString(), user("direct-carol"), null).statusCode()).isEqualTo(410);
    }

    @Test
    void anotherCreatorCannotCompleteSomebodysUpload() throws Exception {
        JsonNode started = start(user("direct-dave"), 1000, null);

        assertThat(post(started.path("complete").asString(), user("direct-mallory"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedUnknownAndOversizeRequestsAreRefusedWithAReason() throws Exception {
        assertThat(post("/v1/uploads/direct", user("direct-erin"), "{not json").statusCode()).isEqualTo(400);
        assertThat(post("/v1/uploads/direct", user("direct-erin"), "[1]").statusCode()).isEqualTo(400);
        assertThat(post("/v1/uploads/direct", user("direct-erin"), "{\"size\": -1}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/uploads/direct", user("direct-erin"), "{\"size\": \"12\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> owner = post("/v1/uploads/direct", user("direct-erin"), "{\"size\": 10, \"ownerId\": \"x\"}");
        assertThat(owner.statusCode()).isEqualTo(400);
        assertThat(owner.body()).contains("unknown field 'ownerId'");
        HttpResponse<String> status = post("/v1/uploads/direct", user("direct-erin"),
                "{\"size\": 10, \"metadata\": {\"status\": \"READY\"}}");
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(post("/v1/uploads/direct", user("direct-erin"),
                "{\"size\": 10, \"metadata\": {\"title\": {\"nested\": 1}}}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/uploads/direct", user("direct-erin"), "{\"size\": " + (64L * MIB + 1) + "}").statusCode())
                .isEqualTo(413);
        assertThat(post("/v1/uploads/direct", user("direct-erin"), "{\"size\": 10, \"metadata\": {\"title\": \""
                + "x".repeat(70_000) + "\"}}").statusCode()).isEqualTo(413);
    }
    @Test
    void metadataNamesAnExistingSoundAndOwnSeriesAndLandsOnTheVideoWithItsHashtags() throws Exception {
        String owner = user("direct-fay");
        String other = user("direct-gus");
        UUID sound = UUID.randomUUID();
        UUID series = UUID.randomUUID();
        UUID foreign = UUID.randomUUID();
        jdbc().sql("INSERT INTO profiles (id) VALUES (?), (?) ON CONFLICT DO NOTHING").param(owner).param(other).update();
        jdbc().sql("INSERT INTO sounds (id, title) VALUES (?, 'Beat')").param(sound).update();
        jdbc().sql("INSERT INTO series (id, owner_id, title) VALUES (?, ?, 'Mine'), (?, ?, 'Theirs')")
                .param(series).param(owner).param(foreign).param(other).update();

        HttpResponse<String> unknownSound = post("/v1/uploads/direct", owner, "{\"size\": 10, \"metadata\": "
                + "{\"soundId\": \"" + UUID.randomUUID() + "\"}}");
        HttpResponse<String> theirs = post("/v1/uploads/direct", owner, "{\"size\": 10, \"metadata\": "
                + "{\"seriesId\": \"" + foreign + "\", \"seriesPosition\": 1}}");
        assertThat(unknownSound.statusCode()).isEqualTo(400);
        assertThat(unknownSound.body()).contains("unknown_sound");
        assertThat(theirs.statusCode()).isEqualTo(403);
        assertThat(theirs.body()).contains("not_your_series");

        byte[] video = videoLike(6 * MIB);
        String metadata = "{\"description\": \"Day one #Travel\", \"hashtags\": \"vlog, #été\", \"soundId\": \""
                + sound + "\", \"seriesId\": \"" + series + "\", \"seriesPosition\": 1}";
        JsonNode started = uploadParts(start(owner, video.length, metadata), video, 0);
        assertThat(post(started.path("complete").asString(), owner, null).statusCode()).isEqualTo(201);
        UUID id = UUID.fromString(started.path("id").asString());

        Map<String, Object> row = jdbc().sql("""
                SELECT array_to_string(hashtags, ',') AS tags, sound_id, series_id, series_order FROM videos WHERE id = ?
                """).param(id).query().singleRow();
        assertThat(row.get("tags")).isEqualTo("vlog,été,travel");
        assertThat(row.get("sound_id")).isEqualTo(sound);
        assertThat(row.get("series_id")).isEqualTo(series);
        assertThat(row.get("series_order")).isEqualTo(1);
        HttpResponse<String> taken = post("/v1/uploads/direct", owner, "{\"size\": 10, \"metadata\": "
                + "{\"seriesId\": \"" + series + "\", \"seriesPosition\": 1}}");
        assertThat(taken.statusCode()).isEqualTo(409);
    }
}
