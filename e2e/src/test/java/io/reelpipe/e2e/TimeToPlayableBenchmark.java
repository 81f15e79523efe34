package io.reelpipe.e2e;

import io.reelpipe.testkit.MultipartBody;
import io.reelpipe.testkit.SampleMedia;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Time to playable: from the moment an upload is done (upload-api answered 201) until the first media segment of the
 * video is playable through the CDN edge (live master, media playlist and first segment fetched from the edge), for a
 * 1080p upload, with the whole pipeline running on this machine. The anchor is Mux's published 2.0 s median.
 *
 * <p>Usage: {@code TimeToPlayableBenchmark [seconds=30] [runs=5]}.
 */
public final class TimeToPlayableBenchmark {

    private static final double MUX_MEDIAN_SECONDS = 2.0;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TimeToPlayableBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("reelpipe-ttp-bench");
        Path source = SampleMedia.ffmpeg(dir, "source.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=1080x1920:rate=30:duration=" + seconds, "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000:duration=" + seconds, "-c:v", "libx264", "-preset", "veryfast",
                "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"));
        double[] times = new double[runs];
        // Every run uploads the same file as the same creator: without reuse off, upload-api would reuse the first
        // run's renditions (identical content) and runs 2.. would measure nothing. Polling every 20 ms is far over
        // a creator's request rate limit, so that is raised too.
        try (LocalPipeline pipeline = new LocalPipeline(dir.resolve("keys"), Map.of(
                "reelpipe.upload.reuse-identical-content", false, "reelpipe.limits.requests-per-minute", 1_000_000))) {
            String token = pipeline.tokens.token("bench");
            for (int run = 0; run < runs; run++) {
                times[run] = timeToPlayable(pipeline, token, source);
                System.out.printf(Locale.ROOT, "run %d: %.3f s%n", run + 1, times[run]);
                awaitReady(pipeline, token);
            }
        }
        Arrays.sort(times);
        double median = times[runs / 2];
        System.out.printf(Locale.ROOT, "%d s 1080x1920 upload, %d runs, %d cores: median time to playable %.3f s "
                + "(p0 %.3f, max %.3f)%n", seconds, runs, Runtime.getRuntime().availableProcessors(), median, times[0],
                times[runs - 1]);
        System.out.printf(Locale.ROOT, "ratio reelpipe / Mux (2.0 s) = %.3f (target <= 1.0)%n", median / MUX_MEDIAN_SECONDS);
        System.exit(0);
    }

    private static String lastId;

    private static double timeToPlayable(LocalPipeline pipeline, String token, Path source) throws Exception {
        MultipartBody body = new MultipartBody().field("title", "bench").file("file", "b.mp4", "video/mp4", source);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.uploadApi + "/v1/videos"))
                .header("Authorization", "Bearer " + token).header("Content-Type", body.contentType())
                .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
        long uploaded = System.nanoTime();
        if (created.statusCode() != 201) {
            throw new IllegalStateException("upload refused: " + created.body());
        }
        lastId = JSON.readTree(created.body()).path("id").asString();
        long deadline = uploaded + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode video = get(pipeline, token);
            String hls = video.path("hlsUrl").asString("");
            if (!hls.isEmpty()) {
                URI master = URI.create(hls);
                URI media = master.resolve(firstUri(fetch(master)));
                String playlist = fetch(media);
                Matcher init = MAP.matcher(playlist);
                if (init.find()) {
                    fetch(media.resolve(init.group(1)));
                }
                fetch(media.resolve(firstUri(playlist)));
                return (System.nanoTime() - uploaded) / 1e9;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("video " + lastId + " never became playable");
    }

    private static void awaitReady(LocalPipeline pipeline, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            String status = get(pipeline, token).path("status").asString();
            if (status.equals("READY") || status.equals("FAILED")) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode get(LocalPipeline pipeline, String token) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.uploadApi + "/v1/videos/" + lastId))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static final Pattern URI_LINE = Pattern.compile("(?m)^(?!#)(\\S+)$");
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");

    private static String firstUri(String playlist) {
        Matcher line = URI_LINE.matcher(playlist);
        if (!line.find()) {
            throw new IllegalStateException("playlist lists nothing: " + playlist);
        }
        return line.group(1);
    }

    private static String fetch(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
