package io.reelpipe.upload.tus;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.testkit.TcpGate;
import io.reelpipe.upload.support.TestApps;
import io.reelpipe.upload.support.Hashes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The official {@code tus-js-client} from npm, run by Node, against upload-api through a TCP gate: the connection is
 * cut in the middle of the upload and reopened when the client retries, and the object that lands in the bucket must
 * be the source byte for byte. {@code npm ci} runs here, so a clean clone needs nothing but Node and npm.
 */
class TusJsClientIT {

    static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static TcpGate gate;
    static DevTokens tokens;
    static Path video;

    @BeforeAll
    static void start() throws Exception {
        LocalServices.requireUp();
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        tokens = new DevTokens(dir.resolve("keys"));
        Map<String, Object> properties = TestApps.properties("it-tusjs", tokens, dir);
        properties.put("reelpipe.uploads.part-size", 5 * 1024 * 1024);
        app = TestApps.start(properties);
        gate = new TcpGate(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
        gate.open();
        // A real video, made large (noise does not compress) so the cut lands mid-upload: about 30 MB.
        video = SampleMedia.ffmpeg(dir, "noisy.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30:duration=3", "-vf", "noise=alls=60:allf=t", "-c:v", "libx264",
                "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (gate != null) {
            gate.close();
        }
        TestApps.closeAndClean(app);
    }

    @Test
    void aConnectionCutMidUploadIsResumedAndTheStoredObjectIsTheSourceByteForByte() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        boolean[] cut = {false};
        String url = upload(List.of("--meta", "title=Cut and resumed"), line -> {
            lines.add(line);
            try {
                if (!cut[0] && line.startsWith("progress ") && percent(line) >= 30) {
                    cut[0] = true;
                    gate.shut();
                } else if (cut[0] && line.startsWith("retry ")) {
                    reopen();
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(cut[0]).as("the connection was cut mid-upload: %s", lines).isTrue();
        assertThat(lines).as("the client retried").anyMatch(l -> l.startsWith("retry "));
        UUID id = UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
        assertThat(Hashes.storedSha256(app.getBean(ObjectStore.class), id)).isEqualTo(Hashes.sha256(video));
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        assertThat(jdbc.sql("SELECT source_sha256 FROM videos WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo(Hashes.contentHash(video));
        assertThat(jdbc.sql("SELECT title FROM videos WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("Cut and resumed");
        assertThat(jdbc.sql("SELECT state FROM uploads WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("COMPLETED");
    }

    @Test
    void chunkedUploadsWithDataDuringCreationArriveIntact() throws Exception {
        String url = upload(List.of("--chunk-size", Integer.toString(3 * 1024 * 1024), "--with-creation-upload"),
                line -> {});

        UUID id = UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
        assertThat(Hashes.storedSha256(app.getBean(ObjectStore.class), id)).isEqualTo(Hashes.sha256(video));
    }

    /**
     * Reopens the gate; its port can stay busy for a moment after the cut (a connection accepted as it shut), so
     * binding is retried for up to 10 s.
     */
    private static void reopen() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                gate.open();
                return;
            } catch (java.net.BindException e) {
                if (attempt == 100) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static int percent(String progressLine) {
        String[] parts = progressLine.split(" ");
        return (int) (Long.parseLong(parts[1]) * 100 / Long.parseLong(parts[2]));
    }

    /** Runs the Node client through the gate, handing each line it prints to {@code onLine}; returns the upload URL. */
    private static String upload(List<String> extra, java.util.function.Consumer<String> onLine) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "tus-upload.mjs",
                "--endpoint", "http://127.0.0.1:" + gate.port() + "/v1/uploads",
                "--file", video.toString(), "--token", tokens.token("tusjs-" + UUID.randomUUID())));
        command.addAll(extra);
        Process process = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        String result = null;
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.add(line);
                onLine.accept(line);
                if (line.startsWith("success ")) {
                    result = line.substring("success ".length()).strip();
                }
            }
        } finally {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).as("tus-js-client said: %s", seen).isZero();
        assertThat(result).as("tus-js-client said: %s", seen).isNotNull();
        return result;
    }

    /** Runs a command in the Node folder and fails with its output unless it succeeds in time. */
    private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile()).start();
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        assertThat(done && process.exitValue() == 0)
                .as("%s failed: %s", command, Files.readString(dir.resolve("npm.log")))
                .isTrue();
    }
}
