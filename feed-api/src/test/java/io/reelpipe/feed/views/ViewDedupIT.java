package io.reelpipe.feed.views;

import static io.reelpipe.feed.views.ViewRequests.event;
import static io.reelpipe.feed.views.ViewRequests.results;
import static io.reelpipe.feed.views.ViewRequests.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import io.reelpipe.testkit.LocalServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Dedup across instances and without Redis, on one database of its own: two instances sharing Redis (one an hour and
 * a second ahead of the other, so PostgreSQL's clock windows differ and only Redis can tell the duplicate), one whose
 * dedup window is a second (the window running out), one whose Redis is unreachable (PostgreSQL's clock windows
 * alone).
 */
class ViewDedupIT {

    private static final Instant NOW = Instant.parse("2031-05-20T09:15:00Z");

    private static ViewsDatabase database;
    private static FeedTestApp first;
    private static FeedTestApp second;
    private static FeedTestApp shortWindow;
    private static FeedTestApp withoutRedis;
    private static TestClocks.MovableClock withoutRedisClock;
    private static String owner;

    @BeforeAll
    static void start() throws Exception {
        database = ViewsDatabase.create();
        String namespace = LocalServices.uniqueName("views-dedup");
        first = start(Map.of("reelpipe.feed.cache.namespace", namespace), NOW);
        second = start(Map.of("reelpipe.feed.cache.namespace", namespace), NOW.plus(Duration.ofMinutes(61)));
        shortWindow = start(Map.of("reelpipe.views.dedup-window", "1s", "reelpipe.views.finalize-delay", "1s"),
                null);
        String clock = LocalServices.uniqueName("no-redis-clock");
        withoutRedisClock = TestClocks.create(clock, NOW);
        Map<String, Object> noRedis = new HashMap<>(TestClocks.properties(clock));
        noRedis.put("spring.data.redis.port", closedPort());
        withoutRedis = start(noRedis, null);
        owner = database.user("dedup-owner");
    }

    private static FeedTestApp start(Map<String, Object> extra, Instant clockAt) throws IOException {
        Map<String, Object> properties = new HashMap<>(database.properties());
        if (clockAt != null) {
            String clock = LocalServices.uniqueName("dedup-clock");
            TestClocks.create(clock, clockAt);
            properties.putAll(TestClocks.properties(clock));
        }
        properties.putAll(extra);
        return FeedTestApp.start(properties);
    }

    @AfterAll
    static void stop() {
        for (FeedTestApp app : new FeedTestApp[] {first, second, shortWindow, withoutRedis}) {
            if (app != null) {
                app.close();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aViewCountedOnOneInstanceIsADuplicateOnAnotherWithinTheSlidingWindow() {
        UUID video = database.video(owner);
        String session = session();

        assertThat(results(first, null, session, event(video, 5_000))).containsExactly("counted");
        assertThat(results(second, null, session, event(video, 5_000))).containsExactly("duplicate");
        assertThat(results(first, null, session, event(video, 5_000))).containsExactly("duplicate");

        assertThat(database.rawViews(video)).isEqualTo(1);
        assertThat(database.viewCount(video)).isEqualTo(1);
    }

    @Test
    void aViewCountsAgainOnceTheWindowHasRunOut() {
        UUID video = database.video(owner);
        String session = session();
        StringRedisTemplate redis = shortWindow.bean(StringRedisTemplate.class);
        String key = shortWindow.namespace() + ":views:seen:{s:" + session + "}:" + video;

        assertThat(results(shortWindow, null, session, event(video, 5_000))).containsExactly("counted");
        assertThat(results(shortWindow, null, session, event(video, 5_000))).containsExactly("duplicate");
        awaitGone(redis, key);

        assertThat(results(shortWindow, null, session, event(video, 5_000))).containsExactly("counted");
        assertThat(database.rawViews(video)).isEqualTo(2);
        assertThat(database.viewCount(video)).isEqualTo(2);
    }

    @Test
    void aViewClaimedByAnInstanceThatDiedBeforeItsCommitCountsWhenRetriedAndOnlyOnce() {
        UUID video = database.video(owner);
        String session = session();
        StringRedisTemplate redis = first.bean(StringRedisTemplate.class);
        long window = NOW.getEpochSecond() - NOW.getEpochSecond() % 3600;
        // What an instance leaves when it dies between claiming the view in Redis and committing it.
        redis.opsForValue().set(first.namespace() + ":views:seen:{s:" + session + "}:" + video,
                Long.toString(window), Duration.ofHours(1));

        assertThat(results(first, null, session, event(video, 5_000))).containsExactly("counted");
        assertThat(results(second, null, session, event(video, 5_000))).containsExactly("duplicate");
        assertThat(database.rawViews(video)).isEqualTo(1);
        assertThat(database.db().sql("SELECT extract(epoch FROM window_start)::bigint FROM video_views"
                + " WHERE video_id = ?").param(video).query(Long.class).single())
                .as("stamped with the window the first attempt claimed").isEqualTo(window);
    }

    @Test
    void withoutRedisPostgresqlDeduplicatesPerClockHour() {
        UUID video = database.video(owner);
        String session = session();

        assertThat(results(withoutRedis, null, session, event(video, 5_000))).containsExactly("counted");
        assertThat(results(withoutRedis, null, session, event(video, 5_000), event(video, 6_000)))
                .containsExactly("duplicate", "duplicate");
        withoutRedisClock.advance(Duration.ofHours(1));
        try {
            assertThat(results(withoutRedis, null, session, event(video, 5_000))).containsExactly("counted");
        } finally {
            withoutRedisClock.set(NOW);
        }

        assertThat(database.rawViews(video)).isEqualTo(2);
        assertThat(database.viewCount(video)).isEqualTo(2);
        assertThat(withoutRedis.get("/actuator/prometheus", null).body())
                .containsPattern("reelpipe_views_dedup_redis_failures_total\\{[^}]*} [1-9]");
    }

    private static void awaitGone(StringRedisTemplate redis, String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Boolean.TRUE.equals(redis.hasKey(key))) {
            assertThat(System.nanoTime()).as("the dedup key %s outlived its window", key).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
