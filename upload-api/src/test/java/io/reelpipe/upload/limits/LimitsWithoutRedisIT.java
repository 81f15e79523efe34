package io.reelpipe.upload.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.upload.support.TestApps;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Redis is down: the limiter lets uploads through (and counts it), the database quotas still hold. */
class LimitsWithoutRedisIT {

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static DevTokens tokens;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        LocalServices.requireUp();
        tokens = new DevTokens(dir.resolve("keys"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, Object> properties = TestApps.properties("it-noredis", tokens, dir);
        properties.put("spring.data.redis.port", closed);
        properties.put("reelpipe.limits.concurrent-uploads", 1);
        app = TestApps.start(properties);
        base = TestApps.base(app);
    }

    @AfterAll
    static void stop() {
        TestApps.closeAndClean(app);
    }

    static HttpResponse<String> create(String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads"))
                .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "1000").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void uploadsGoOnWithoutRedisTheOutageIsCountedAndTheDatabaseQuotaStillHolds() throws Exception {
        String token = tokens.token("noredis-" + UUID.randomUUID());

        HttpResponse<String> first = create(token);
        HttpResponse<String> second = create(token);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(second.statusCode()).as("the concurrent-upload quota lives in PostgreSQL").isEqualTo(429);
        assertThat(app.getBean(MeterRegistry.class).counter("reelpipe.limits.redis.failures").count())
                .isGreaterThan(0);
    }
}
