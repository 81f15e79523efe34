package io.reelpipe.upload.tus;

import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.upload.support.TestApps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * bench/tus: one large file uploaded over loopback with tus-js-client, in the same run, to upload-api (in this JVM,
 * whose heap is capped by the script) and to the reference Node server {@code @tus/server} with
 * {@code @tus/s3-store}; both write S3 multipart uploads of 8 MiB parts to the same local S3 endpoint. After one
 * uncounted warm-up upload each, prints each run, the median throughputs, their ratio and the peak heap of each
 * server. Arguments: MiB (1024), runs (3).
 */
public final class TusUploadBenchmark {

    private static final Path NODE_CLIENT = Path.of("upload-api", "src", "test", "node").toAbsolutePath();
    private static final Path NODE_SERVER = Path.of("bench", "tus").toAbsolutePath();

    private TusUploadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        LocalServices.requireUp();
        Path dir = Files.createTempDirectory("bench-tus");
        String nodeBucket = LocalServices.uniqueName("bench-tus-node");
        ConfigurableApplicationContext app = null;
        Process server = null;
        try (S3Client s3 = s3()) {
            Path file = file(dir, mib);
            DevTokens tokens = new DevTokens(dir.resolve("keys"));
            Map<String, Object> properties = TestApps.properties("bench-tus", tokens, dir);
            properties.put("reelpipe.uploads.max-size", (long) mib * 1024 * 1024 + 1);
            properties.put("logging.level.root", "WARN");
            app = TestApps.start(properties);
            String bucket = (String) properties.get("reelpipe.storage.bucket");
            String ours = TestApps.base(app) + "/v1/uploads";
            s3.createBucket(b -> b.bucket(nodeBucket));
            int nodePort = freePort();
            server = startNodeServer(nodePort, nodeBucket);
            String theirs = "http://127.0.0.1:" + nodePort + "/files";

            // Warm-up, not counted: a running service has a warm JIT and open connections.
            Path warmUp = file(dir.resolve("warm-up"), Math.min(mib, 64));
            upload(ours, tokens.token("bench-" + nodeBucket), warmUp);
            upload(theirs, null, warmUp);
            empty(s3, bucket);
            empty(s3, nodeBucket);

            List<Double> oursMiBs = new ArrayList<>();
            List<Double> theirsMiBs = new ArrayList<>();
            long oursPeak = 0;
            for (int run = 1; run <= runs; run++) {
                HeapSampler sampler = new HeapSampler();
                double ourSeconds;
                try {
                    ourSeconds = upload(ours, tokens.token("bench-" + nodeBucket), file);
                } finally {
                    sampler.stop();
                }
                oursPeak = Math.max(oursPeak, sampler.peak());
                double theirSeconds = upload(theirs, null, file);
                oursMiBs.add(mib / ourSeconds);
                theirsMiBs.add(mib / theirSeconds);
                System.out.printf("run %d: upload-api %.1f MiB/s (peak heap %d MiB), @tus/server %.1f MiB/s%n", run,
                        mib / ourSeconds, sampler.peak() >> 20, mib / theirSeconds);
                empty(s3, bucket);
                empty(s3, nodeBucket);
            }
            String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + nodePort + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double o = median(oursMiBs);
            double t = median(theirsMiBs);
            System.out.printf("%ntus upload of %d MiB over loopback, median of %d runs:%n", mib, runs);
            System.out.printf("  upload-api     %.1f MiB/s, peak heap used %d MiB (heap capped at %d MiB)%n", o,
                    oursPeak >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("  @tus/server    %.1f MiB/s, peak %s (bytes, sampled every 50 ms)%n", t, stats);
            System.out.printf("  ratio upload-api / @tus/server throughput: %.2fx%n", o / t);
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            try (S3Client s3 = s3()) {
                empty(s3, nodeBucket);
                s3.deleteBucket(b -> b.bucket(nodeBucket));
            } catch (RuntimeException e) {
                System.err.println("could not remove bucket " + nodeBucket + ": " + e.getMessage());
            }
            TestApps.closeAndClean(app);
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** A file that sniffs as MP4 (a real clip first), then random bytes (incompressible, like video). */
    private static Path file(Path dir, int mib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        byte[] head = Files.readAllBytes(SampleMedia.generate(dir, "head.mp4", 1, 160, 284, false));
        Path file = dir.resolve("upload.mp4");
        Random random = new Random(42);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                if (i == 0) {
                    System.arraycopy(head, 0, block, 0, Math.min(head.length, block.length));
                }
                out.write(block);
            }
        }
        return file;
    }

    /** Uploads with tus-js-client (Node); returns the wall time in seconds. */
    private static double upload(String endpoint, String token, Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "tus-upload.mjs", "--endpoint", endpoint, "--file",
                file.toString()));
        if (token != null) {
            command.addAll(List.of("--token", token));
        }
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(NODE_CLIENT.toFile()).redirectErrorStream(true).start();
        String last = "";
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                last = line;
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || !last.startsWith("success")) {
            throw new IllegalStateException("upload to " + endpoint + " failed: " + last);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Process startNodeServer(int port, String bucket) throws IOException {
        Process process = new ProcessBuilder("node", "tus-server.mjs", Integer.toString(port), LocalServices.S3_ENDPOINT,
                bucket, LocalServices.S3_ACCESS_KEY, LocalServices.S3_SECRET_KEY)
                .directory(NODE_SERVER.toFile()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder said = new StringBuilder();
        while ((line = out.readLine()) != null && !line.startsWith("listening")) {
            said.append(line).append('\n');
        }
        if (line == null) {
            process.destroy();
            throw new IllegalStateException("@tus/server did not start: " + said);
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> System.err.println("@tus/server: " + l)));
        return process;
    }

    private static void empty(S3Client s3, String bucket) {
        s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().forEach(u ->
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o ->
                s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
    }

    private static S3Client s3() {
        return S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(LocalServices.S3_ENDPOINT))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalServices.S3_ACCESS_KEY, LocalServices.S3_SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Samples this JVM's used heap every 20 ms and keeps the highest value. */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        HeapSampler() {
            thread = Thread.ofPlatform().daemon(true).start(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        long peak() {
            return peak.get();
        }
    }
}
