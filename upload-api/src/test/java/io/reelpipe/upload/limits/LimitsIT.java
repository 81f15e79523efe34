package io.reelpipe.upload.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.upload.support.TestApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Per-creator quotas and rate limits on real Redis and PostgreSQL: each refusal is a 429 with Retry-After. */
class LimitsIT {

    /** Users are unique per run: the shared test database keeps earlier runs' uploads, quotas and videos. */
    static final String RUN = Long.toString(System.nanoTime(), 36);

    static String user(String name) {
        return name + "-" + RUN;
    }

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static DevTokens tokens;
    static String base;
    static String prefix;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        LocalServices.requireUp();
        tokens = new DevTokens(dir.resolve("keys"));
        Map<String, Object> properties = TestApps.properties("it-limits", tokens, dir);
        prefix = (String) properties.get("reelpipe.limits.key-prefix");
        properties.put("reelpipe.limits.requests-per-minute", 40);
        properties.put("reelpipe.limits.uploads-per-minute", 5);
        properties.put("reelpipe.limits.uploads-per-day", 100);
        properties.put("reelpipe.limits.concurrent-uploads", 2);
        properties.put("reelpipe.limits.storage-bytes", 1_000_000);
        app = TestApps.start(properties);
        base = TestApps.base(app);
    }

    @AfterAll
    static void stop() {
        TestApps.closeAndClean(app);
    }

    static HttpResponse<String> create(String user, long length) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads"))
                .header("Authorization", "Bearer " + tokens.token(user)).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> delete(String user, String location) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + location))
                .header("Authorization", "Bearer " + tokens.token(user)).header("Tus-Resumable", "1.0.0")
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertTooMany(HttpResponse<String> response, String error, long maxRetryAfter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.body()).contains("\"error\":\"" + error + "\"");
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, maxRetryAfter);
    }

    @Test
    void startingMoreUploadsPerMinuteThanAllowedIs429WithRetryAfter() throws Exception {
        String user = user("limits-alice");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> created = create(user, 1000);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(delete(user, created.headers().firstValue("Location").orElseThrow()).statusCode()).isEqualTo(204);
        }

        assertTooMany(create(user, 1000), "rate_limited", 60);
    }

    @Test
    void moreUnfinishedUploadsThanAllowedIs429UntilOneIsFinishedOrDeleted() throws Exception {
        String user = user("limits-bob");
        String first = create(user, 1000).headers().firstValue("Location").orElseThrow();
        assertThat(create(user, 1000).statusCode()).isEqualTo(201);

        assertTooMany(create(user, 1000), "concurrent_uploads", 60);

        assertThat(delete(user, first).statusCode()).isEqualTo(204);
        assertThat(create(user, 1000).statusCode()).isEqualTo(201);
    }

    @Test
    void anUploadThatWouldGoOverTheStorageQuotaIs429() throws Exception {
        assertTooMany(create(user("limits-carol"), 1_000_001), "storage_quota", 3600);
        assertThat(create(user("limits-carol"), 600_000).statusCode()).isEqualTo(201);
        assertTooMany(create(user("limits-carol"), 600_000), "storage_quota", 3600);
    }

    @Test
    void theDailyQuotaHoldsAcrossInstancesBecauseItLivesInRedisAndRetryAfterPointsAtMidnight() throws Exception {
        String user = user("limits-dave");
        // Another instance already admitted the day's uploads.
        app.getBean(StringRedisTemplate.class).opsForValue().set(
                prefix + ":day:" + LocalDate.now(ZoneOffset.UTC) + ":" + user, "100");

        assertTooMany(create(user, 1000), "daily_quota", 86_400);
    }

    @Test
    void moreRequestsPerMinuteThanAllowedAre429() throws Exception {
        String user = "limits-erin-" + UUID.randomUUID();
        HttpResponse<String> response = null;
        for (int i = 0; i < 41; i++) {
            response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/videos/" + UUID.randomUUID()))
                    .header("Authorization", "Bearer " + tokens.token(user)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (i < 40) {
                assertThat(response.statusCode()).isEqualTo(404);
            }
        }
        assertTooMany(response, "rate_limited", 60);
    }
}
