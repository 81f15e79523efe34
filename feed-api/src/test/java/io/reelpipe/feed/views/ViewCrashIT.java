package io.reelpipe.feed.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.FeedApiApplication;
import io.reelpipe.feed.support.FeedTestApp;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of the ingesting feed-api under load: many clients post view batches to a feed-api in a child JVM, which is
 * killed once 200 requests were acknowledged, with requests still in flight. Every view of an acknowledged request is
 * in PostgreSQL, counted once in the raw table, the counters and the rollups. Then a fresh instance takes the
 * clients' retries of every request that got no answer: each of their views ends up stored exactly once, whether its
 * flush had committed before the kill (a duplicate now) or not (counted now, although Redis still holds its pending
 * claim from the dead instance).
 */
class ViewCrashIT {

    private static final Logger log = LoggerFactory.getLogger(ViewCrashIT.class);
    private static final int CLIENTS = 16;
    private static final int EVENTS_PER_REQUEST = 20;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 200;

    @TempDir
    Path dir;

    /** One request a client sent, and what became of it (status -1: no answer). */
    private record Sent(String session, List<UUID> videos, int status, List<String> results) {

        String body() {
            return ViewRequests.body(session, videos.stream().map(v -> ViewRequests.event(v, 5_000)).toList());
        }
    }

    @Test
    void aKilledInstanceLosesNoAcknowledgedViewAndRetriesCountEachViewOnce() throws Exception {
        try (ViewsDatabase database = ViewsDatabase.create()) {
            String namespace = LocalServices.uniqueName("views-crash");
            DevTokens tokens = new DevTokens(dir.resolve("keys"));
            int port = freePort();
            Process doomed = startChild(database, namespace, tokens, port);
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                awaitReady(http, port, doomed);
                String owner = database.user("crash-owner");
                List<UUID> videos = new ArrayList<>();
                for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                    videos.add(database.video(owner));
                }

                ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
                CountDownLatch acknowledged = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
                AtomicBoolean dead = new AtomicBoolean();
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                for (int c = 0; c < CLIENTS; c++) {
                    clients.execute(() -> {
                        while (!dead.get()) {
                            Sent request = post(http, port, ViewRequests.session(), videos);
                            sent.add(request);
                            if (request.status() == 202) {
                                acknowledged.countDown();
                            }
                        }
                    });
                }
                assertThat(acknowledged.await(120, TimeUnit.SECONDS)).as("requests acknowledged before the kill")
                        .isTrue();
                doomed.destroyForcibly();
                assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
                dead.set(true);
                clients.shutdown();
                assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

                List<Sent> acked = sent.stream().filter(s -> s.status() == 202).toList();
                List<Sent> unanswered = sent.stream().filter(s -> s.status() != 202).toList();
                assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL)
                        .allSatisfy(s -> assertThat(s.results()).containsOnly("counted"));
                assertThat(unanswered).as("requests in flight at the kill").isNotEmpty()
                        .allSatisfy(s -> assertThat(s.status()).as("no answer, or 503").isIn(-1, 503));

                Set<String> stored = storedViews(database, videos);
                Set<String> acknowledgedViews = views(acked);
                assertThat(stored).as("every acknowledged view is stored").containsAll(acknowledgedViews);
                assertThat(views(sent.stream().toList())).as("and nothing that was not sent").containsAll(stored);
                assertCountedOnce(database, videos);

                try (FeedTestApp survivor = FeedTestApp.start(Map.of("spring.datasource.url", database.url(),
                        "spring.flyway.enabled", true, "reelpipe.feed.cache.namespace", namespace,
                        "spring.datasource.hikari.maximum-pool-size", 6))) {
                    int duplicates = 0;
                    for (Sent retry : unanswered) {
                        HttpResponse<String> response = survivor.post("/v1/views", null, retry.body());
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                        for (JsonNode result : FeedTestApp.json(response).path("results")) {
                            assertThat(result.asString()).isIn("counted", "duplicate");
                            duplicates += result.asString().equals("duplicate") ? 1 : 0;
                        }
                    }
                    log.info("{} requests acknowledged before the kill, {} in flight; of the {} views of those, {} had"
                            + " been stored without an answer", acked.size(), unanswered.size(),
                            unanswered.size() * EVENTS_PER_REQUEST, duplicates);
                    assertThat(storedViews(database, videos))
                            .as("after the retries every view sent is stored once (%d had been stored before the"
                                    + " kill without an answer)", duplicates)
                            .isEqualTo(views(sent.stream().toList()))
                            .hasSize(sent.size() * EVENTS_PER_REQUEST);
                    assertCountedOnce(database, videos);
                }
            } finally {
                doomed.destroyForcibly();
            }
        }
    }

    private Process startChild(ViewsDatabase database, String namespace, DevTokens tokens, int port)
            throws IOException {
        Map<String, Object> properties = new HashMap<>(LocalServices.springProperties(namespace, namespace));
        properties.putAll(database.properties());
        properties.put("server.port", port);
        properties.put("reelpipe.feed.cache.namespace", namespace);
        properties.put("reelpipe.jwt.public-key", tokens.publicKeyPem().toString());
        properties.put("reelpipe.feed.jobs.enabled", false);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), FeedApiApplication.class.getName()));
        command.addAll(List.of(LocalServices.asArgs(properties)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("doomed-feed-api.log").toFile()).start();
    }

    private static void awaitReady(HttpClient http, int port, Process child) throws InterruptedException {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("the child feed-api exited; see doomed-feed-api.log").isTrue();
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new AssertionError("the child feed-api did not become ready within 120 s");
    }

    private static Sent post(HttpClient http, int port, String session, List<UUID> videos) {
        Sent request = new Sent(session, videos, -1, List.of());
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/views")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> results = new ArrayList<>();
            if (response.statusCode() == 202) {
                FeedTestApp.json(response).path("results").forEach(r -> results.add(r.asString()));
            }
            return new Sent(session, videos, response.statusCode(), results);
        } catch (IOException e) {
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return request;
        }
    }

    /** Each view as {@code "s:<session> <video>"}. */
    private static Set<String> views(List<Sent> requests) {
        Set<String> views = new HashSet<>();
        for (Sent request : requests) {
            for (UUID video : request.videos()) {
                views.add("s:" + request.session() + " " + video);
            }
        }
        return views;
    }

    private static Set<String> storedViews(ViewsDatabase database, List<UUID> videos) {
        return new HashSet<>(database.db().sql("SELECT viewer || ' ' || video_id FROM video_views"
                + " WHERE video_id = ANY (?)").param(videos.toArray(UUID[]::new)).query(String.class).list());
    }

    /** The raw rows, the counter and the rollups of each video agree: no view counted twice, none half-applied. */
    private static void assertCountedOnce(ViewsDatabase database, List<UUID> videos) {
        for (UUID video : videos) {
            long raw = database.rawViews(video);
            assertThat(database.viewCount(video)).as("view count of %s", video).isEqualTo(raw);
            assertThat(database.rolledUp(video)).as("rollups of %s", video).isEqualTo(raw);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
