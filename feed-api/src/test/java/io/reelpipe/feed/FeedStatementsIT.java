package io.reelpipe.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.feed.support.FeedFixture;
import io.reelpipe.feed.support.FeedTestApp;
import io.reelpipe.feed.support.StatementCounter;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a feed load costs the database, counted by a proxy around the application's data source: at most one SQL
 * statement per feed load, none on a cache hit, and one for 500 concurrent requests on a cold key. Scheduled jobs and
 * the activity flush are off in this application, so nothing else sends statements while a test counts.
 */
class FeedStatementsIT {

    private static FeedTestApp app;
    private static FeedFixture fx;
    private static String creator;
    private static String viewer;

    @BeforeAll
    static void start() throws Exception {
        // A generous statement timeout: the stampede test holds the first load on a lock while 500 requests arrive.
        app = FeedTestApp.start(Map.of(
                "spring.datasource.hikari.data-source-properties.options", "-c statement_timeout=60000"));
        fx = new FeedFixture();
        creator = fx.user("creator");
        viewer = fx.user("viewer");
        fx.follow(viewer, creator);
        for (int i = 0; i < 5; i++) {
            UUID video = fx.video(creator, "Counted " + i, "PUBLIC", "READY", Instant.now().minusSeconds(60 + i),
                    List.of(fx.prefix()), null, null, null);
            if (i == 0) {
                fx.like(viewer, video);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** The statements {@code request} sent, with its answer checked to be a 200. */
    private static long statementsOf(Supplier<HttpResponse<String>> request) {
        long before = StatementCounter.statements();
        HttpResponse<String> response = request.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StatementCounter.statements() - before;
    }

    @Test
    void everyFeedLoadIsOneStatementAndEveryCacheHitNone() {
        List<String> feeds = List.of(
                "/v1/feed?type=latest&limit=7",
                "/v1/feed?type=trending&limit=7",
                "/v1/feed?type=for_you&limit=7",
                "/v1/users/" + creator + "/videos?limit=7",
                "/v1/hashtags/" + fx.prefix() + "/videos?limit=7",
                "/v1/search?q=counted&limit=7");
        for (String feed : feeds) {
            for (String who : new String[] {null, viewer}) {
                assertThat(statementsOf(() -> app.get(feed, who))).as("cold %s as %s", feed, who).isEqualTo(1);
                assertThat(statementsOf(() -> app.get(feed, who))).as("warm %s as %s", feed, who).isZero();
            }
        }
        // The same for everybody: a token is not even read.
        assertThat(statementsOf(() -> app.get("/v1/trending/videos?limit=9", null))).isEqualTo(1);
        assertThat(statementsOf(() -> app.get("/v1/trending/videos?limit=9", viewer))).isZero();
        assertThat(statementsOf(() -> app.get("/v1/feed?type=following&limit=7", viewer))).isEqualTo(1);
        assertThat(statementsOf(() -> app.get("/v1/feed?type=following&limit=7", viewer))).isZero();
    }

    @Test
    void theNextPageIsOneStatementToo() {
        String first = app.ok(app.get("/v1/users/" + creator + "/videos?limit=2", viewer)).path("nextCursor")
                .asString();

        assertThat(statementsOf(() -> app.get("/v1/users/" + creator + "/videos?limit=2&cursor=" + first, viewer)))
                .isEqualTo(1);
    }

    @Test
    void anInteractionIsOneStatementAndTheViewersNextPageOneMore() {
        UUID video = UUID.fromString(app.ok(app.get("/v1/users/" + creator + "/videos?limit=1", viewer))
                .path("items").get(0).path("id").asString());
        long before = StatementCounter.statements();
        assertThat(app.put("/v1/videos/" + video + "/bookmark", viewer).statusCode()).isEqualTo(204);
        assertThat(StatementCounter.statements() - before).isEqualTo(1);

        assertThat(statementsOf(() -> app.get("/v1/users/" + creator + "/videos?limit=1", viewer))).isEqualTo(1);
    }

    @Test
    void fiveHundredConcurrentRequestsOnAColdKeyMakeOneDatabaseLoad() throws Exception {
        int requests = 500;
        String path = "/v1/trending/videos?limit=" + 13;
        MeterRegistry metrics = app.bean(MeterRegistry.class);
        double joinedBefore = l1Hits(metrics);
        long statementsBefore = StatementCounter.statements();
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        // The first request's load waits on this lock until every other request has joined it.
        try (Connection lock = DriverManager.getConnection(FeedTestApp.JDBC_URL, "reelpipe", "reelpipe");
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE trending_cache IN ACCESS EXCLUSIVE MODE");
            }
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < requests; i++) {
                responses.add(clients.submit(() -> {
                    go.await();
                    return app.get(path, null);
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (l1Hits(metrics) - joinedBefore < requests - 1) {
                assertThat(System.nanoTime() - deadline).as("all requests joined the load within 60 s").isNegative();
                Thread.onSpinWait();
            }
            lock.commit();
            Set<String> bodies = new HashSet<>();
            for (Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                bodies.add(answer.body());
            }
            assertThat(bodies).hasSize(1);
        }

        assertThat(StatementCounter.statements() - statementsBefore).isEqualTo(1);
        assertThat(metrics.get("reelpipe.cache.loads").tag("cache", "feed-trending").tag("result", "success")
                .counter().count()).isGreaterThanOrEqualTo(1);
    }

    private static double l1Hits(MeterRegistry metrics) {
        return metrics.get("reelpipe.cache.hits").tag("cache", "feed-trending").tag("tier", "l1").counter().count();
    }
}
