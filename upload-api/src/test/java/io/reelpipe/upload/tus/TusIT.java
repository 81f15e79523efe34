package io.reelpipe.upload.tus;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.upload.support.TestApps;
import io.reelpipe.upload.support.Hashes;
import io.reelpipe.upload.uploads.UploadJanitor;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tus protocol on real PostgreSQL and S3, with two upload-api instances sharing them: every status code the
 * protocol defines, the checksum extension, part buffering across PATCH boundaries, two clients racing on one upload,
 * termination, expiration and the janitor.
 */
class TusIT {

    /** Users are unique per run: the shared test database keeps earlier runs' uploads, quotas and videos. */
    static final String RUN = Long.toString(System.nanoTime(), 36);

    static String user(String name) {
        return name + "-" + RUN;
    }

    static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext app;
    static ConfigurableApplicationContext second;
    static DevTokens tokens;
    static String base;
    static String secondBase;
    static byte[] video;
    static byte[] head;

    @BeforeAll
    static void start() throws Exception {
        LocalServices.requireUp();
        tokens = new DevTokens(dir.resolve("keys"));
        Map<String, Object> properties = TestApps.properties("it-tus", tokens, dir);
        properties.put("reelpipe.uploads.max-size", 64 * MIB);
        properties.put("reelpipe.uploads.part-size", 5 * MIB);
        properties.put("reelpipe.uploads.lock-wait", "200ms");
        properties.put("reelpipe.cors.allowed-origins", "http://creators.example");
        app = TestApps.start(properties);
        second = TestApps.start(properties);
        base = TestApps.base(app);
        secondBase = TestApps.base(second);
        head = Files.readAllBytes(SampleMedia.generate(dir, "clip.mp4", 1, 160, 284, false));
        video = videoLike(12 * MIB + 12345);
    }

    /** A file that sniffs as MP4 (a real clip's bytes first) followed by random bytes. */
    static byte[] videoLike(int size) {
        return TestApps.videoLike(head, size);
    }

    @AfterAll
    static void stop() {
        second.close();
        TestApps.closeAndClean(app);
    }

    static TusClient client(String user) {
        return new TusClient(base, tokens.token(user));
    }

    static String create(TusClient client, long length) throws Exception {
        HttpResponse<String> created = client.create(length, TusClient.metadata("filename", "a.mp4", "title", "Tus"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
        assertThat(created.headers().firstValue("Upload-Expires")).isPresent();
        return created.headers().firstValue("Location").orElseThrow();
    }

    static long offset(TusClient client, String location) throws Exception {
        HttpResponse<String> head = client.head(location);
        assertThat(head.statusCode()).isEqualTo(200);
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    static UUID idOf(String location) {
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    static String sha256(byte[] bytes) {
        return Hashes.sha256(bytes);
    }

    static String storedSha256(UUID id) throws Exception {
        return Hashes.storedSha256(app.getBean(ObjectStore.class), id);
    }

    /** The parts S3 still holds for an upload: none once it was aborted (S3 answers NoSuchUpload). */
    static List<?> partsLeft(UUID id, String s3Upload) {
        try {
            return app.getBean(ObjectStore.class).multipart().list(StorageKeys.source(id), s3Upload);
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return List.of();
        }
    }

    static JdbcClient jdbc() {
        return app.getBean(JdbcClient.class);
    }

    @Test
    void optionsAdvertisesTheVersionTheExtensionsAndTheChecksumAlgorithmsWithoutAToken() throws Exception {
        HttpResponse<String> options = new TusClient(base, null).options();

        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        assertThat(options.headers().firstValue("Tus-Extension")).hasValue(
                "creation,creation-with-upload,termination,checksum,expiration");
        assertThat(options.headers().firstValue("Tus-Checksum-Algorithm").orElseThrow()).contains("sha1");
        assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue(Integer.toString(64 * MIB));
    }

    @Test
    void unevenChunksAcrossPartBoundariesAndBothInstancesStoreTheExactBytesAndRegisterTheVideo() throws Exception {
        TusClient alice = client(user("tus-alice"));
        TusClient aliceOnSecond = new TusClient(secondBase, tokens.token(user("tus-alice")));
        String location = create(alice, video.length);
        int[] cuts = {0, 700, 3 * MIB, 3 * MIB + 1, 7 * MIB + 5, 11 * MIB, video.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            TusClient client = i % 2 == 0 ? alice : aliceOnSecond;
            HttpResponse<String> patched = client.patch(location, cuts[i], video, cuts[i], cuts[i + 1] - cuts[i]);
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
            assertThat(patched.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(cuts[i + 1]));
        }

        UUID id = idOf(location);
        assertThat(storedSha256(id)).isEqualTo(sha256(video));
        assertThat(jdbc().sql("SELECT source_sha256 FROM videos WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo(Hashes.contentHash(video));
        assertThat(jdbc().sql("SELECT title FROM videos WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("Tus");
        assertThat(jdbc().sql("SELECT count(*) FROM jobs WHERE video_id = ?").param(id).query(Long.class).single())
                .isEqualTo(2);
        assertThat(app.getBean(ObjectStore.class).list("upload/" + id + "/")).isEmpty();
        assertThat(offset(alice, location)).isEqualTo(video.length);
    }

    @Test
    void creationWithUploadStoresTheFirstChunkAndReportsItsOffset() throws Exception {
        TusClient bob = client(user("tus-bob"));
        byte[] small = videoLike(300_000);
        HttpResponse<String> created = bob.createWithUpload(small.length, java.util.Arrays.copyOf(small, 100_000));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Upload-Offset")).hasValue("100000");
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(bob.patch(location, 100_000, small, 100_000, 200_000).statusCode()).isEqualTo(204);
        assertThat(storedSha256(idOf(location))).isEqualTo(sha256(small));
    }

    @Test
    void aPostWithAMethodOverrideActsAsThePatchOrDeleteItNames() throws Exception {
        TusClient olga = client(user("tus-olga"));
        byte[] small = videoLike(30_000);
        String location = create(olga, small.length);

        HttpResponse<String> patched = olga.with("X-HTTP-Method-Override", "PATCH").postTo(location, 0, small);

        assertThat(patched.statusCode()).isEqualTo(204);
        assertThat(patched.headers().firstValue("Upload-Offset")).hasValue("30000");
        assertThat(storedSha256(idOf(location))).isEqualTo(sha256(small));
    }

    @Test
    void browsersOfAnAllowedOriginMayCallAndReadTheTusHeadersOthersGetNoCorsHeaders() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, HttpResponse<String>> preflight = origin -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/uploads"))
                        .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,tus-resumable,upload-length")
                        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        HttpResponse<String> allowed = preflight.apply("http://creators.example");
        HttpResponse<String> other = preflight.apply("http://evil.example");

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://creators.example");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> created = client(user("tus-olga")).with("Origin", "http://creators.example")
                .create(100, null);
        assertThat(created.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("Location", "Upload-Offset");
    }

    @Test
    void aMissingOrWrongTusVersionIs412WithTheSupportedVersion() throws Exception {
        TusClient noVersion = client(user("tus-carol")).with("Tus-Resumable", null);
        TusClient oldVersion = client(user("tus-carol")).with("Tus-Resumable", "0.2.2");
        String location = create(client(user("tus-carol")), 10_000);

        for (HttpResponse<String> response : List.of(noVersion.create(10, null), oldVersion.head(location),
                oldVersion.patch(location, 0, head, 0, 100))) {
            assertThat(response.statusCode()).isEqualTo(412);
            assertThat(response.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        }
        assertThat(offset(client(user("tus-carol")), location)).isZero();
    }

    @Test
    void aPatchAtTheWrongOffsetIs409AndMovesNothing() throws Exception {
        TusClient dave = client(user("tus-dave"));
        byte[] small = videoLike(50_000);
        String location = create(dave, small.length);
        assertThat(dave.patch(location, 0, small, 0, 20_000).statusCode()).isEqualTo(204);

        HttpResponse<String> behind = dave.patch(location, 0, small, 0, 20_000);
        HttpResponse<String> ahead = dave.patch(location, 30_000, small, 30_000, 20_000);

        assertThat(behind.statusCode()).isEqualTo(409);
        assertThat(ahead.statusCode()).isEqualTo(409);
        assertThat(offset(dave, location)).isEqualTo(20_000);
    }

    @Test
    void tooLargeUploadsAndBodiesPastTheLengthAre413AndMoveNothing() throws Exception {
        TusClient erin = client(user("tus-erin"));
        assertThat(erin.create(64L * MIB + 1, null).statusCode()).isEqualTo(413);

        byte[] small = videoLike(10_000);
        String location = create(erin, small.length);
        HttpResponse<String> declared = erin.patch(location, 0, videoLike(10_001), 0, 10_001);
        HttpResponse<String> streamed = erin.patchStream(location, 0,
                () -> new java.io.ByteArrayInputStream(videoLike(10_001)));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(offset(erin, location)).isZero();
    }

    @Test
    void aPatchThatIsNotAnOffsetOctetStreamIs415() throws Exception {
        TusClient frank = client(user("tus-frank"));
        String location = create(frank, 10_000);

        HttpResponse<String> response = frank.with("Content-Type", "application/json").patch(location, 0, head, 0, 100);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(offset(frank, location)).isZero();
    }

    @Test
    void aMatchingChecksumIsAcceptedAMismatchIs460AndAnUnknownAlgorithmIs400() throws Exception {
        TusClient grace = client(user("tus-grace"));
        byte[] small = videoLike(40_000);
        String location = create(grace, small.length);

        HttpResponse<String> good = grace.with("Upload-Checksum", "sha1 " + TusClient.digest("SHA-1", small, 0, 10_000))
                .patch(location, 0, small, 0, 10_000);
        HttpResponse<String> bad = grace.with("Upload-Checksum", "sha1 " + TusClient.digest("SHA-1", small, 0, 9_999))
                .patch(location, 10_000, small, 10_000, 10_000);
        HttpResponse<String> unknown = grace.with("Upload-Checksum", "crc99 AAAA")
                .patch(location, 10_000, small, 10_000, 10_000);
        HttpResponse<String> malformed = grace.with("Upload-Checksum", "sha1 !!notbase64!!")
                .patch(location, 10_000, small, 10_000, 10_000);
        HttpResponse<String> sha256 = grace.with("Upload-Checksum",
                "sha256 " + TusClient.digest("SHA-256", small, 10_000, 30_000)).patch(location, 10_000, small, 10_000, 30_000);

        assertThat(good.statusCode()).isEqualTo(204);
        assertThat(bad.statusCode()).isEqualTo(460);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(sha256.statusCode()).isEqualTo(204);
        assertThat(storedSha256(idOf(location))).isEqualTo(sha256(small));
    }

    @Test
    void aChecksumMismatchAfterWholePartsWereUploadedStillMovesNothing() throws Exception {
        TusClient heidi = client(user("tus-heidi"));
        String location = create(heidi, video.length);

        HttpResponse<String> bad = heidi.with("Upload-Checksum", "sha1 " + TusClient.digest("SHA-1", head, 0, 10))
                .patch(location, 0, video, 0, 11 * MIB);
        assertThat(bad.statusCode()).isEqualTo(460);
        assertThat(offset(heidi, location)).isZero();

        assertThat(heidi.patch(location, 0, video, 0, video.length).statusCode()).isEqualTo(204);
        assertThat(storedSha256(idOf(location))).isEqualTo(sha256(video));
    }

    @Test
    void terminationDiscardsTheUploadAndItsPartsAndThenItIs404() throws Exception {
        TusClient ivan = client(user("tus-ivan"));
        String location = create(ivan, video.length);
        assertThat(ivan.patch(location, 0, video, 0, 6 * MIB).statusCode()).isEqualTo(204);
        String s3Upload = jdbc().sql("SELECT s3_upload_id FROM uploads WHERE id = ?").param(idOf(location))
                .query(String.class).single();

        assertThat(ivan.delete(location).statusCode()).isEqualTo(204);

        assertThat(ivan.head(location).statusCode()).isEqualTo(404);
        assertThat(ivan.patch(location, 6 * MIB, video, 0, 10).statusCode()).isEqualTo(404);
        assertThat(partsLeft(idOf(location), s3Upload)).isEmpty();
        assertThat(app.getBean(ObjectStore.class).list("upload/" + idOf(location) + "/")).isEmpty();
    }

    @Test
    void anExpiredUploadIs410AndTheJanitorAbortsItsMultipartUpload() throws Exception {
        TusClient judy = client(user("tus-judy"));
        String location = create(judy, video.length);
        assertThat(judy.patch(location, 0, video, 0, 5 * MIB + 100).statusCode()).isEqualTo(204);
        UUID id = idOf(location);
        String s3Upload = jdbc().sql("SELECT s3_upload_id FROM uploads WHERE id = ?").param(id)
                .query(String.class).single();
        assertThat(app.getBean(ObjectStore.class).list("upload/" + id + "/")).hasSize(1);
        jdbc().sql("UPDATE uploads SET expires_at = now() - interval '1 second' WHERE id = ?").param(id).update();

        assertThat(judy.head(location).statusCode()).isEqualTo(410);
        assertThat(judy.patch(location, 5 * MIB + 100, video, 0, 10).statusCode()).isEqualTo(410);
        app.getBean(UploadJanitor.class).sweep();

        assertThat(jdbc().sql("SELECT state FROM uploads WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("EXPIRED");
        assertThat(partsLeft(id, s3Upload)).isEmpty();
        assertThat(app.getBean(ObjectStore.class).list("upload/" + id + "/")).isEmpty();
        assertThat(judy.head(location).statusCode()).isEqualTo(410);
    }

    @Test
    void anotherCreatorCannotSeeWriteOrDeleteAnUpload() throws Exception {
        String location = create(client(user("tus-kim")), 10_000);
        TusClient mallory = client(user("tus-mallory"));

        assertThat(mallory.head(location).statusCode()).isEqualTo(404);
        assertThat(mallory.patch(location, 0, head, 0, 100).statusCode()).isEqualTo(404);
        assertThat(mallory.delete(location).statusCode()).isEqualTo(404);
        assertThat(new TusClient(base, null).head(location).statusCode()).isEqualTo(401);
        assertThat(offset(client(user("tus-kim")), location)).isZero();
    }

    @Test
    void contentThatIsNotAVideoIsRefusedWith415AndTheUploadIsGone() throws Exception {
        TusClient leo = client(user("tus-leo"));
        byte[] playlist = "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n".repeat(40).getBytes();
        String location = create(leo, playlist.length);

        HttpResponse<String> response = leo.patch(location, 0, playlist, 0, playlist.length);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("HLS playlist");
        assertThat(leo.head(location).statusCode()).isEqualTo(410);
    }

    @Test
    void malformedHeadersAndMetadataAre400AndMassAssignmentIsRefused() throws Exception {
        TusClient max = client(user("tus-max"));
        for (String length : java.util.Arrays.asList(null, "-1", "abc", "1e3", "12345678901234567890", "0")) {
            assertThat(max.createRaw(length, null).statusCode()).as("Upload-Length %s", length).isEqualTo(400);
        }
        for (String metadata : List.of("title !!!", "title,title", "ti tle x", TusClient.metadata("status", "READY"),
                TusClient.metadata("ownerId", "someone"), TusClient.metadata("likes", "1000"),
                TusClient.metadata("visibility", "everyone"), TusClient.metadata("title", "x".repeat(151)),
                TusClient.metadata("seriesPosition", "3"), TusClient.metadata("soundId", "../../etc"))) {
            HttpResponse<String> response = max.createRaw("100", metadata);
            assertThat(response.statusCode()).as("Upload-Metadata %s", metadata).isEqualTo(400);
            assertThat(response.body()).contains("\"error\"");
        }
        assertThat(max.createRaw("100", TusClient.metadata("status", "READY")).body())
                .contains("unknown field 'status'");
        assertThat(max.with("Upload-Defer-Length", "1").create(100, null).statusCode()).isEqualTo(400);

        String location = create(max, 10_000);
        for (String offset : List.of("-5", "abc", "")) {
            HttpResponse<String> patched = max.patchWithOffsetHeader(location, offset, head, 0, 10);
            assertThat(patched.statusCode()).as("Upload-Offset '%s'", offset).isEqualTo(400);
        }
        assertThat(offset(max, location)).isZero();
    }

    @Test
    void twoClientsRacingOnOneUploadOnTwoInstancesCannotCorruptIt() throws Exception {
        TusClient nina = client(user("tus-nina"));
        TusClient ninaOnSecond = new TusClient(secondBase, tokens.token(user("tus-nina")));
        String location = create(nina, video.length);
        CountDownLatch firstHalfSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return nina.patchStream(location, 0, () -> new HeldStream(video, 6 * MIB, firstHalfSent, release));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(firstHalfSent.await(30, TimeUnit.SECONDS)).isTrue();
        awaitLocked(idOf(location));
        // The racer's body stays under what the server drains from a refused request, so it reads the answer.
        HttpResponse<String> racer = ninaOnSecond.patch(location, 0, video, 0, 512 * 1024);
        release.countDown();
        HttpResponse<String> first = slow.get(60, TimeUnit.SECONDS);

        assertThat(racer.statusCode()).isEqualTo(423);
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(storedSha256(idOf(location))).isEqualTo(sha256(video));
    }

    /** Waits (bounded) until a request holds the upload's lease. */
    private static void awaitLocked(UUID id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!jdbc().sql("SELECT lock_owner IS NOT NULL FROM uploads WHERE id = ?").param(id).query(Boolean.class)
                .single()) {
            assertThat(System.nanoTime()).as("the first PATCH never took the lease").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Sends its first {@code holdAt} bytes, signals, and sends the rest only when released. */
    static final class HeldStream extends InputStream {
        private final byte[] bytes;
        private final int holdAt;
        private final CountDownLatch reached;
        private final CountDownLatch release;
        private int position;

        HeldStream(byte[] bytes, int holdAt, CountDownLatch reached, CountDownLatch release) {
            this.bytes = bytes;
            this.holdAt = holdAt;
            this.reached = reached;
            this.release = release;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == holdAt) {
                reached.countDown();
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (position >= bytes.length) {
                return -1;
            }
            int limit = position < holdAt ? holdAt : bytes.length;
            int n = Math.min(length, limit - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

}
