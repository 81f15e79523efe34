package io.reelpipe.upload.tus;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.testkit.TcpGate;
import io.reelpipe.upload.support.Hashes;
import io.reelpipe.upload.support.TestApps;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** S3 goes away in the middle of a tus upload: the PATCH fails clearly, the offset stays, and the upload resumes. */
class TusStorageOutageIT {

    static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static TcpGate s3Gate;
    static DevTokens tokens;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        LocalServices.requireUp();
        tokens = new DevTokens(dir.resolve("keys"));
        s3Gate = new TcpGate(LocalServices.S3_PORT);
        s3Gate.open();
        Map<String, Object> properties = TestApps.properties("it-tus-s3", tokens, dir);
        properties.put("reelpipe.storage.endpoint", "http://127.0.0.1:" + s3Gate.port());
        properties.put("reelpipe.storage.timeout", "5s");
        properties.put("reelpipe.uploads.part-size", 5 * MIB);
        app = TestApps.start(properties);
        base = TestApps.base(app);
    }

    @AfterAll
    static void stop() throws Exception {
        s3Gate.open();
        TestApps.closeAndClean(app);
        s3Gate.close();
    }

    @Test
    void aPatchWhileS3IsDownIs503WithRetryAfterMovesNothingAndTheUploadResumesAfterwards() throws Exception {
        byte[] head = Files.readAllBytes(SampleMedia.generate(dir, "clip.mp4", 1, 160, 284, false));
        byte[] video = TestApps.videoLike(head, 12 * MIB + 99);
        TusClient client = new TusClient(base, tokens.token("outage-" + UUID.randomUUID()));
        String location = client.create(video.length, null).headers().firstValue("Location").orElseThrow();
        assertThat(client.patch(location, 0, video, 0, 6 * MIB).statusCode()).isEqualTo(204);

        s3Gate.shut();
        HttpResponse<String> during;
        try {
            during = client.patch(location, 6 * MIB, video, 6 * MIB, 3 * MIB);
        } finally {
            s3Gate.open();
        }

        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
        assertThat(during.body()).contains("\"error\":\"unavailable\"");
        assertThat(client.head(location).headers().firstValue("Upload-Offset")).hasValue(Integer.toString(6 * MIB));
        HttpResponse<String> resumed = client.patch(location, 6 * MIB, video, 6 * MIB, video.length - 6 * MIB);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(204);
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        assertThat(Hashes.storedSha256(app.getBean(ObjectStore.class), id)).isEqualTo(Hashes.sha256(video));
    }
}
