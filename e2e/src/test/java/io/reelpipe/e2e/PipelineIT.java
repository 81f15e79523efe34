package io.reelpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.MultipartBody;
import io.reelpipe.testkit.SampleMedia;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline on the real engines: upload-api, both worker pools and feed-api run in this JVM (each its own
 * Spring context, as they would be separate processes), against PostgreSQL, RabbitMQ, s3proxy and the nginx CDN edge.
 */
class PipelineIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);
    private static final Pattern RESOLUTION = Pattern.compile("RESOLUTION=(\\d+)x(\\d+)");

    @TempDir
    static Path dir;

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static LocalPipeline pipeline;
    static DevTokens tokens;
    static String uploadApi;
    static String feedApi;

    @BeforeAll
    static void start() {
        pipeline = new LocalPipeline(dir.resolve("keys"), Map.of("reelpipe.transcode.preset", "ultrafast"));
        tokens = pipeline.tokens;
        uploadApi = pipeline.uploadApi;
        feedApi = pipeline.feedApi;
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aPortraitUploadBecomesAPlayableLadderWithPostersInTheFeed() throws Exception {
        Path source = SampleMedia.shared("sample_portrait.mp4");

        JsonNode video = uploadAndWait(source, "alice", "Portrait sample");

        assertThat(video.path("status").asString()).isEqualTo("READY");
        String master = fetchText(video.path("hlsUrl").asString());
        assertThat(master).startsWith("#EXTM3U").contains("#EXT-X-INDEPENDENT-SEGMENTS");
        List<String> variants = master.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(variants).isNotEmpty();
        Matcher resolution = RESOLUTION.matcher(master);
        int rungs = 0;
        while (resolution.find()) {
            rungs++;
            int shortSide = Math.min(Integer.parseInt(resolution.group(1)), Integer.parseInt(resolution.group(2)));
            assertThat(shortSide).as("rung short side").isLessThanOrEqualTo(720);
        }
        assertThat(rungs).isEqualTo(variants.size()).isEqualTo(2);

        URI masterUri = URI.create(video.path("hlsUrl").asString());
        String firstSegment = null;
        for (String playlistUri : mediaPlaylists(master)) {
            URI playlist = masterUri.resolve(playlistUri);
            String media = fetchText(playlist.toString());
            assertThat(media).contains("#EXT-X-ENDLIST", "#EXT-X-MAP:URI=");
            for (String uri : segmentUris(media)) {
                String url = playlist.resolve(uri).toString();
                HttpResponse<byte[]> segment = fetch(url);
                assertThat(segment.statusCode()).as(url).isEqualTo(200);
                assertThat(segment.body()).isNotEmpty();
                if (firstSegment == null && uri.endsWith(".m4s")) {
                    firstSegment = url;
                    assertThat(segment.headers().firstValue("Cache-Control")).hasValue(
                            "public, max-age=31536000, immutable");
                }
            }
        }
        assertThat(firstSegment).isNotNull();
        HttpResponse<byte[]> again = fetch(firstSegment);
        assertThat(again.headers().firstValue("X-Cache-Status")).hasValue("HIT");

        JsonNode thumbnails = video.path("thumbnails");
        assertThat(thumbnails.size()).isGreaterThanOrEqualTo(4);
        List<String> formats = new ArrayList<>();
        for (JsonNode thumbnail : thumbnails) {
            HttpResponse<byte[]> image = fetch(thumbnail.path("url").asString());
            assertThat(image.statusCode()).isEqualTo(200);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
            assertThat(decoded).as("decodes %s", thumbnail).isNotNull();
            assertThat(decoded.getWidth()).isEqualTo(thumbnail.path("width").asInt());
            assertThat(decoded.getHeight()).isEqualTo(thumbnail.path("height").asInt());
            assertThat(decoded.getHeight()).as("portrait poster").isGreaterThan(decoded.getWidth());
            formats.add(thumbnail.path("format").asString());
        }
        assertThat(formats).contains("webp", "jpeg");

        // The rest of the image package through the API and the CDN edge: placeholder, scrub track, preview.
        assertThat(video.path("placeholder").path("blurhash").asString()).as("3x4 portrait blurhash").hasSize(28);
        assertThat(video.path("placeholder").path("dominantColor").asString()).matches("#[0-9a-f]{6}");
        String vttUrl = video.path("storyboard").path("vttUrl").asString();
        HttpResponse<byte[]> vtt = fetch(vttUrl);
        assertThat(vtt.statusCode()).isEqualTo(200);
        assertThat(new String(vtt.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("WEBVTT")
                .contains("sprite-0.jpg#xywh=");
        HttpResponse<byte[]> sprite = fetch(vttUrl.replace("storyboard.vtt", "sprite-0.jpg"));
        assertThat(ImageIO.read(new ByteArrayInputStream(sprite.body()))).as("sprite sheet decodes").isNotNull();
        HttpResponse<byte[]> preview = fetch(video.path("previewUrl").asString());
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.headers().firstValue("Content-Type")).hasValue("image/webp");

        assertThat(latestFeedContains(video.path("id").asString())).isTrue();
    }

    @Test
    void anAudioOnlyFileFailsWithAReasonAndTheWorkersKeepServing() throws Exception {
        Path audioOnly = SampleMedia.shared("sample_audio_only.mp4");

        JsonNode failed = uploadAndWait(audioOnly, "bob", "Just sound");

        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("failureReason").asString()).contains("no video stream");

        Path good = SampleMedia.generate(dir, "after-failure.mp4", 2, 360, 640, true);
        JsonNode next = uploadAndWait(good, "bob", "After the failure");
        assertThat(next.path("status").asString()).isEqualTo("READY");
    }

    private JsonNode uploadAndWait(Path file, String user, String title) throws Exception {
        String token = tokens.token(user);
        MultipartBody body = new MultipartBody().field("title", title).file("file", "upload.bin",
                "application/octet-stream", file);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(uploadApi + "/v1/videos"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", body.contentType())
                .POST(body.publisher())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asString();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uploadApi + "/v1/videos/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode video = JSON.readTree(response.body());
            String status = video.path("status").asString();
            if (status.equals("READY") || status.equals("FAILED")) {
                return video;
            }
            assertThat(System.nanoTime()).as("video %s still %s", id, status).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private boolean latestFeedContains(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> feed = http.send(HttpRequest.newBuilder(
                    URI.create(feedApi + "/v1/feed?type=latest&limit=50")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(feed.statusCode()).isEqualTo(200);
            for (JsonNode item : JSON.readTree(feed.body()).path("items")) {
                if (item.path("id").asString().equals(id)) {
                    return true;
                }
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static List<String> mediaPlaylists(String master) {
        List<String> uris = new ArrayList<>(master.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
        Matcher audio = Pattern.compile("TYPE=AUDIO.*URI=\"([^\"]+)\"").matcher(master);
        while (audio.find()) {
            uris.add(audio.group(1));
        }
        return uris;
    }

    private static List<String> segmentUris(String media) {
        List<String> uris = new ArrayList<>(media.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(media);
        if (map.find()) {
            uris.addFirst(map.group(1));
        }
        return uris;
    }

    private static String fetchText(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<byte[]> fetch(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
