package io.reelpipe.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feed API pointed at a Redis port nobody listens on: it starts, serves the feed and reports itself ready. */
class FeedApiWithoutRedisIT {

    private static FeedTestApp app;

    @BeforeAll
    static void startTheApiWithoutRedis() throws IOException {
        app = FeedTestApp.start(Map.of("spring.data.redis.port", closedPort()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theFeedIsServedFromTheDatabaseWhileRedisIsUnreachable() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = app.get("/v1/feed?type=latest&limit=" + (5 + i), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).startsWith("{\"items\":[");
        }

        assertThat(app.get("/actuator/prometheus", null).body())
                .contains("reelpipe_cache_errors_total{")
                .containsPattern("reelpipe_cache_available\\{[^}]*cache=\"feed-latest\"[^}]*} 0");
    }

    @Test
    void writesStillWorkWithLimitsCountedInMemory() {
        HttpResponse<String> response = app.put("/v1/users/nobody-at-all-" + System.nanoTime() + "/follow", "someone");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    }

    @Test
    void theServiceStaysReadyWithoutRedis() {
        HttpResponse<String> readiness = app.get("/actuator/health/readiness", null);

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
