package io.reelpipe.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.testkit.LocalServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The feed API pointed at a Redis port nobody listens on: it starts, serves the feed and reports itself ready. */
class FeedApiWithoutRedisIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ConfigurableApplicationContext app;
    private static String base;

    @BeforeAll
    static void startTheApiWithoutRedis() throws IOException {
        LocalServices.requireUp();
        String name = LocalServices.uniqueName("feednoredis");
        Map<String, Object> properties = new HashMap<>(LocalServices.springProperties(name, name));
        properties.put("spring.data.redis.port", closedPort());
        app = new SpringApplicationBuilder(FeedApiApplication.class).run(LocalServices.asArgs(properties));
        base = "http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFeedIsServedFromTheDatabaseWhileRedisIsUnreachable() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get("/v1/feed?type=latest&limit=" + (5 + i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).startsWith("{\"items\":[");
        }

        assertThat(get("/actuator/prometheus").body())
                .contains("reelpipe_cache_errors_total{")
                .containsPattern("reelpipe_cache_available\\{[^}]*cache=\"feed-latest\"[^}]*} 0");
    }

    @Test
    void theServiceStaysReadyWithoutRedis() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
