package io.reelpipe.feed.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.feed.support.FeedTestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS on a real feed-api for the web page's origin: preflights answered before any controller, the headers on every
 * answer a browser reads (the cached-trending fast path included), and nothing for origins not configured.
 */
class BrowserAccessIT {

    private static final String PAGE = "http://page.example:8081";
    private static FeedTestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = FeedTestApp.start(Map.of("reelpipe.cors.allowed-origins", PAGE));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aPreflightFromThePagesOriginAllowsTheTokenAndTheWriteMethods() {
        HttpResponse<String> preflight = app.send(app.request("/v1/videos/00000000-0000-0000-0000-000000000001/like",
                        null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PAGE)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization")
                .build());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("PUT");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .containsIgnoringCase("authorization");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void theCachedTrendingFastPathAnswersThePageWithCorsHeadersToo() {
        HttpRequest trending = app.request("/v1/trending/videos?limit=5", null).header("Origin", PAGE).build();
        app.send(trending); // The first answer fills the cache the fast path serves from.
        double fastHits = fastHits();

        HttpResponse<String> cached = app.send(trending);

        assertThat(fastHits()).as("served by the fast path").isEqualTo(fastHits + 1);
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(cached.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
        assertThat(cached.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("ETag");
        assertThat(cached.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
    }

    private static double fastHits() {
        return app.bean(MeterRegistry.class).get("reelpipe.feed.fast.hits").tag("layer", "servlet").counter()
                .count();
    }

    @Test
    void anotherOriginGetsNoCorsHeadersAndItsPreflightIsRefused() {
        HttpResponse<String> read = app.send(app.request("/v1/feed?type=latest", null)
                .header("Origin", "http://evil.example").build());
        HttpResponse<String> preflight = app.send(app.request("/v1/feed?type=latest", null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .build());

        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
