package io.reelpipe.upload.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.testkit.DevTokens;
import io.reelpipe.upload.support.TestApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web page's HTTP side on a real upload-api: served without a token, revalidated by ETag, its assets cached for
 * an hour, a Content-Security-Policy naming exactly feed-api and the CDN edge, and settings from the properties. (The
 * page itself runs in a real browser in the e2e module's {@code WebPageIT}.)
 */
class PageIT {

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Map<String, Object> properties = TestApps.properties("it-page", new DevTokens(dir.resolve("keys")), dir);
        properties.put("reelpipe.page.feed-api-url", "https://feed.example.com:8443/");
        properties.put("reelpipe.page.upload-chunk-size", "4MB");
        properties.put("reelpipe.storage.public-base-url", "https://cdn.example.com");
        app = TestApps.start(properties);
        base = TestApps.base(app);
    }

    @AfterAll
    static void stop() {
        TestApps.closeAndClean(app);
    }

    @Test
    void theDocumentNeedsNoTokenIsRevalidatedByItsETagAndLimitsWhatThePageMayLoad() throws Exception {
        HttpResponse<String> page = get("/", Map.of());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app/main.js\">")
                .contains("/webjars/hls.js/dist/hls.min.js");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self';", "connect-src 'self' https://feed.example.com:8443 "
                + "https://cdn.example.com;", "media-src 'self' blob: https://cdn.example.com;", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        String tag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(tag).matches("\"[0-9a-f]{32}\"");

        HttpResponse<String> again = get("/", Map.of("If-None-Match", tag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(tag);
    }

    @Test
    void scriptsStylesAndHlsJsAreCachedForAnHourAndScriptsRevalidateByContent() throws Exception {
        for (String path : new String[] {"/app/main.js", "/app/app.css", "/webjars/hls.js/dist/hls.min.js"}) {
            HttpResponse<String> asset = get(path, Map.of());
            assertThat(asset.statusCode()).as(path).isEqualTo(200);
            assertThat(asset.headers().firstValue("Cache-Control")).as(path).hasValue("max-age=3600, public");
        }
        HttpResponse<String> script = get("/app/tus-upload.js", Map.of());
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        String tag = script.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/app/tus-upload.js", Map.of("If-None-Match", tag)).statusCode()).isEqualTo(304);
        assertThat(get("/app/no-such-file.js", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void theSettingsComeFromThePropertiesAndTheApiStillNeedsAToken() throws Exception {
        HttpResponse<String> settings = get("/app/settings.json", Map.of());

        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(settings.body()).contains("\"feedApi\":\"https://feed.example.com:8443\"")
                .contains("\"uploadChunkBytes\":4194304");
        assertThat(get("/v1/videos/00000000-0000-0000-0000-000000000000", Map.of()).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
