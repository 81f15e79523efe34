package io.reelpipe.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Shutting feed-api down ends its open notification streams at once, rather than letting the web server's graceful
 * shutdown wait for them (it would wait its whole timeout: a stream never ends by itself).
 */
class NotificationShutdownIT {

    @Test
    void closingTheApplicationEndsOpenStreamsSoClientsReconnectElsewhere() throws Exception {
        FeedTestApp app = FeedTestApp.start(java.util.Map.of("spring.lifecycle.timeout-per-shutdown-phase", "60s"));
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        var response = app.http().sendAsync(app.request("/v1/notifications/stream", "shutdown-viewer")
                .timeout(Duration.ofMinutes(2)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = response.join().body()) {
                lines.forEach(line -> {
                    if (line.startsWith(":connected")) {
                        connected.countDown();
                    }
                });
            } catch (RuntimeException e) {
                // A reset connection ends the stream too.
            }
            ended.countDown();
        });
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();

        Thread closing = Thread.ofVirtual().start(app::close);

        assertThat(ended.await(20, TimeUnit.SECONDS)).as("the stream ended well before the 60 s shutdown timeout")
                .isTrue();
        closing.join(Duration.ofSeconds(30));
        assertThat(closing.isAlive()).isFalse();
    }
}
