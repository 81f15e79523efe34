package io.reelpipe.feed;

import static io.reelpipe.feed.support.FeedTestApp.assertError;
import static io.reelpipe.feed.support.FeedTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.feed.activity.ActivityTracker;
import io.reelpipe.feed.recommendations.RecommendationJob;
import io.reelpipe.feed.support.FeedFixture;
import io.reelpipe.feed.support.FeedTestApp;
import io.reelpipe.feed.trending.TrendingJob;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every feed type, the social interactions, search, trending and recommendations on the real database and Redis,
 * with a small data set of this run's own: three creators, a viewer, a creator the viewer blocked and one who blocked
 * the viewer, their videos with hashtags, a sound and a series. Other tests share the database, so assertions look
 * only at this run's rows (their order among themselves, which appear, which never do).
 */
class FeedsIT {

    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);

    private static FeedTestApp app;
    private static FeedFixture fx;
    private static String tag;
    private static String alice;
    private static String bob;
    private static String carol;
    private static String dave;
    private static String erin;
    private static UUID sound;
    private static UUID series;
    private static UUID a1;
    private static UUID a2;
    private static UUID a3Private;
    private static UUID a4Unlisted;
    private static UUID a5Processing;
    private static UUID b1;
    private static UUID b2;
    private static UUID c1;
    private static UUID d1;
    private static UUID e1;

    @BeforeAll
    static void startWithAFixture() throws Exception {
        app = FeedTestApp.start(Map.of("reelpipe.feed.limits.interactions", 30));
        fx = new FeedFixture();
        tag = fx.prefix();
        alice = fx.user("alice");
        bob = fx.user("bob");
        carol = fx.user("carol");
        dave = fx.user("dave");
        erin = fx.user("erin");
        sound = fx.sound(fx.prefix() + " Groove");
        series = fx.series(alice, "Alice's series");
        a1 = fx.video(alice, "Alice one " + tag, "PUBLIC", "READY", minutes(10), List.of(tag, "cats"), sound, series, 2);
        a2 = fx.video(alice, "Alice two", "PUBLIC", "READY", minutes(20), List.of(tag), null, series, 1);
        a3Private = fx.video(alice, "Alice secret", "PRIVATE", "READY", minutes(5), List.of(tag), null, series, 3);
        a4Unlisted = fx.video(alice, "Alice unlisted", "UNLISTED", "READY", minutes(6), List.of(), null, null, null);
        a5Processing = fx.video(alice, "Alice busy", "PUBLIC", "PROCESSING", minutes(7), List.of(), null, null, null);
        b1 = fx.video(bob, "Bob one", "PUBLIC", "READY", minutes(15), List.of(tag), sound, null, null);
        b2 = fx.video(bob, "Bob two", "PUBLIC", "READY", minutes(25), List.of(), null, null, null);
        c1 = fx.video(carol, "Carol one", "PUBLIC", "READY", minutes(30), List.of(tag), null, null, null);
        d1 = fx.video(dave, "Dave one", "PUBLIC", "READY", minutes(12), List.of(tag), sound, null, null);
        e1 = fx.video(erin, "Erin one", "PUBLIC", "READY", minutes(13), List.of(tag), sound, null, null);
        fx.follow(carol, alice);
        fx.follow(carol, bob);
        fx.follow(carol, dave);
        fx.like(carol, a1);
        fx.bookmark(carol, b1);
        fx.block(carol, dave);
        fx.block(erin, carol);
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

    private static Instant minutes(int before) {
        return T0.minus(before, ChronoUnit.MINUTES);
    }

    /** The ids of a feed's first page (up to 50) that belong to this run, in feed order. */
    private static List<UUID> mine(String path, String viewer) {
        JsonNode page = app.ok(app.get(path + (path.contains("?") ? "&" : "?") + "limit=50", viewer));
        Set<UUID> ours = Set.of(a1, a2, a3Private, a4Unlisted, a5Processing, b1, b2, c1, d1, e1);
        List<UUID> ids = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            UUID id = UUID.fromString(item.path("id").asString());
            if (ours.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static JsonNode item(String path, String viewer, UUID id) {
        for (JsonNode item : app.ok(app.get(path, viewer)).path("items")) {
            if (item.path("id").asString().equals(id.toString())) {
                return item;
            }
        }
        throw new AssertionError(id + " is not on the first page of " + path);
    }

    @Test
    void aCreatorsFeedListsTheirPublicReadyVideosNewestFirstAndTheCreatorAlsoSeesPrivateAndUnlistedOnes() {
        assertThat(mine("/v1/users/" + alice + "/videos", null)).containsExactly(a1, a2);
        assertThat(mine("/v1/users/" + alice + "/videos", bob)).containsExactly(a1, a2);
        assertThat(mine("/v1/users/" + alice + "/videos", alice)).containsExactly(a3Private, a4Unlisted, a1, a2);
    }

    @Test
    void aSeriesIsInOrderWithItsPrivatePartsForItsOwnerOnly() {
        assertThat(mine("/v1/series/" + series + "/videos", null)).containsExactly(a2, a1);
        assertThat(mine("/v1/series/" + series + "/videos", alice)).containsExactly(a2, a1, a3Private);
        JsonNode first = item("/v1/series/" + series + "/videos", null, a2);
        assertThat(first.path("series").path("order").asInt()).isEqualTo(1);
        assertThat(first.path("series").path("title").asString()).isEqualTo("Alice's series");
    }

    @Test
    void aHashtagFeedIsNewestFirstAndLeavesOutCreatorsOnEitherSideOfABlock() {
        assertThat(mine("/v1/hashtags/" + tag + "/videos", null)).containsExactly(a1, d1, e1, b1, a2, c1);
        assertThat(mine("/v1/hashtags/%23" + tag.toUpperCase() + "/videos", carol)).containsExactly(a1, b1, a2, c1);
        // The other directions: dave, whom carol blocked, and erin, who blocked carol, do not see carol's video.
        assertThat(mine("/v1/hashtags/" + tag + "/videos", dave)).doesNotContain(c1).contains(a1, d1, e1);
        assertThat(mine("/v1/hashtags/" + tag + "/videos", erin)).doesNotContain(c1).contains(e1);
    }

    @Test
    void aSoundFeedListsItsPublicVideosNewestFirstWithTheSoundJoined() {
        assertThat(mine("/v1/sounds/" + sound + "/videos", null)).containsExactly(a1, d1, e1, b1);
        assertThat(mine("/v1/sounds/" + sound + "/videos", carol)).containsExactly(a1, b1);
        assertThat(item("/v1/sounds/" + sound + "/videos", null, a1).path("sound").path("title").asString())
                .isEqualTo(fx.prefix() + " Groove");
    }

    @Test
    void theFollowingFeedHasTheFollowedCreatorsVideosNewestFirstWithoutTheBlockedOne() {
        // carol's block of dave also ended her follow of him.
        assertThat(mine("/v1/feed?type=following", carol)).containsExactly(a1, b1, a2, b2);
        assertError(app.get("/v1/feed?type=following", null), 401, "unauthenticated", "following");
        assertThat(fx.db().sql("SELECT count(*) FROM follows WHERE follower_id = ? AND following_id = ?")
                .param(carol).param(dave).query(Long.class).single()).isZero();
    }

    @Test
    void likeAndBookmarkFlagsAreTheViewersAndAnonymousPagesHaveNone() {
        JsonNode liked = item("/v1/users/" + alice + "/videos", carol, a1);
        assertThat(liked.path("viewer").path("liked").asBoolean()).isTrue();
        assertThat(liked.path("viewer").path("bookmarked").asBoolean()).isFalse();
        JsonNode bookmarked = item("/v1/users/" + bob + "/videos", carol, b1);
        assertThat(bookmarked.path("viewer").path("liked").asBoolean()).isFalse();
        assertThat(bookmarked.path("viewer").path("bookmarked").asBoolean()).isTrue();
        assertThat(item("/v1/users/" + alice + "/videos", bob, a1).path("viewer").path("liked").asBoolean())
                .isFalse();
        assertThat(item("/v1/users/" + alice + "/videos", null, a1).path("viewer").isNull()).isTrue();
        JsonNode shown = item("/v1/users/" + alice + "/videos", null, a1);
        assertThat(shown.path("creator").path("id").asString()).isEqualTo(alice);
        assertThat(shown.path("hashtags").toString()).contains(tag, "cats");
        assertThat(shown.path("stats").path("likes").asLong()).isEqualTo(1);
        assertThat(shown.path("thumbnails").get(0).path("url").asString()).endsWith("/poster-320.webp");
    }

    @Test
    void blockedCreatorsFeedsAreEmptyAndTheirVideosCannotBeLikedEitherWay() {
        assertThat(app.ok(app.get("/v1/users/" + dave + "/videos", carol)).path("items").size()).isZero();
        assertThat(app.ok(app.get("/v1/users/" + erin + "/videos", carol)).path("items").size()).isZero();
        assertThat(app.ok(app.get("/v1/users/" + carol + "/videos", erin)).path("items").size()).isZero();
        assertError(app.put("/v1/videos/" + e1 + "/like", carol), 404, "video_not_found");
        assertError(app.put("/v1/videos/" + c1 + "/like", dave), 404, "video_not_found");
        assertError(app.put("/v1/users/" + erin + "/follow", carol), 404, "user_not_found");
    }

    @Test
    void privateUnlistedAndUnfinishedVideosNeverAppearInListingFeeds() {
        Set<UUID> hidden = Set.of(a3Private, a4Unlisted, a5Processing);
        for (String viewer : new String[] {null, bob, alice}) {
            assertThat(mine("/v1/hashtags/" + tag + "/videos", viewer)).doesNotContainAnyElementsOf(hidden);
            assertThat(mine("/v1/feed?type=latest", viewer)).doesNotContainAnyElementsOf(hidden);
        }
        assertError(app.put("/v1/videos/" + a3Private + "/like", bob), 404, "video_not_found");
        assertThat(app.put("/v1/videos/" + a4Unlisted + "/bookmark", bob).statusCode()).isEqualTo(204);
    }

    @Test
    void trendingRanksByRecentEngagementAndForYouRecommendsUnseenVideosOfAffinitiesWithoutBlockedCreators() {
        String[] fans = IntStream.range(0, 6).mapToObj(i -> fx.user("trend" + i)).toArray(String[]::new);
        for (int i = 0; i < fans.length; i++) {
            fx.like(fans[i], b2);
            if (i < 3) {
                fx.like(fans[i], a2);
            }
        }
        // Views come from the view pipeline's daily rollups: enough to put both on top of whatever else is there.
        fx.views(b2, 1_000_000);
        fx.views(a2, 500_000);
        // carol makes a request, so she counts as active once the tracker writes its batch.
        app.get("/v1/feed?type=latest&limit=1", carol);
        app.bean(ActivityTracker.class).flush();

        assertThat(app.bean(TrendingJob.class).refresh()).isTrue();
        assertThat(app.bean(RecommendationJob.class).refresh()).isTrue();

        List<UUID> trending = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 20 && cursor != null; page++) {
            JsonNode body = app.ok(app.get("/v1/trending/videos?limit=50&cursor=" + cursor, null));
            body.path("items").forEach(item -> trending.add(UUID.fromString(item.path("id").asString())));
            cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asString();
        }
        assertThat(trending).containsSubsequence(b2, a2);
        assertThat(trending).doesNotContain(a3Private, a4Unlisted, a5Processing);
        assertThat(app.ok(app.get("/v1/trending/hashtags?limit=50", null)).toString()).contains(tag);

        List<UUID> forYou = mine("/v1/feed?type=for_you", carol);
        assertThat(forYou).isNotEmpty().doesNotContain(a1, d1, e1, c1, a3Private);
        assertThat(forYou).contains(b2, a2);
        assertThat(fx.db().sql("SELECT count(*) FROM user_recommendations WHERE user_id = ?").param(carol)
                .query(Long.class).single()).isPositive();
    }

    @Test
    void aJobRunsOnceWhateverTheNumberOfCallersAndSkipsWhileAnotherHoldsItsLock() throws Exception {
        TrendingJob job = app.bean(TrendingJob.class);
        // Hold the running refresh inside its transaction: it waits for this lock on the table it rewrites.
        try (java.sql.Connection lock = java.sql.DriverManager.getConnection(FeedTestApp.JDBC_URL, "reelpipe",
                "reelpipe"); ExecutorService runner = Executors.newSingleThreadExecutor()) {
            lock.setAutoCommit(false);
            try (java.sql.Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE trending_cache IN ACCESS EXCLUSIVE MODE");
            }
            Future<Boolean> first = runner.submit(job::refresh);
            // The first run holds ShedLock's row for the job once its lock_until lies ahead.
            spinUntil(() -> fx.db().sql("SELECT count(*) FROM shedlock WHERE name = 'feed-trending'"
                    + " AND lock_until > timezone('utc', now())").query(Long.class).single() == 1);

            assertThat(job.refresh()).as("a second caller while the first runs").isFalse();

            lock.commit();
            assertThat(first.get(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(app.bean(MeterRegistry.class).get("reelpipe.feed.job.skipped").tag("job", "feed-trending")
                .counter().count()).isPositive();
        assertThat(app.get("/actuator/prometheus", null).body()).contains("reelpipe_feed_job_duration_seconds_count{")
                .contains("job=\"feed-trending\"");
    }

    @Test
    void searchFindsVideosUsersAndSoundsByPrefixAndLeavesOutBlockedUsers() {
        String word = tag.substring(0, tag.length() - 2);
        // a1 has the word in its title, a2 only as a hashtag: a1 ranks first.
        assertThat(mine("/v1/search?type=videos&q=alice+" + word, null)).containsExactly(a1, a2);
        JsonNode users = app.ok(app.get("/v1/search?type=users&q=" + fx.prefix() + "_da", null));
        assertThat(users.path("items").get(0).path("id").asString()).isEqualTo(dave);
        assertThat(app.ok(app.get("/v1/search?type=users&q=" + fx.prefix() + "_da", carol)).path("items").size())
                .isZero();
        JsonNode sounds = app.ok(app.get("/v1/search?type=sounds&q=" + word + "+groo", null));
        assertThat(sounds.path("items").get(0).path("id").asString()).isEqualTo(sound.toString());
        assertError(app.get("/v1/search?q=%21%21", null), 400, "invalid_query", "no letters");
        assertError(app.get("/v1/search?q=cat&type=songs", null), 400, "invalid_type", "'songs'");
    }

    @Test
    void commentsArePostedOnceWithAnIdempotencyKeyListedNewestFirstAndNotifyTheCreator() {
        String fan = fx.user("commenter");
        HttpResponse<String> first = app.send(app.request("/v1/videos/" + b1 + "/comments", fan)
                .header("Content-Type", "application/json").header("Idempotency-Key", "k1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"  nice one  \"}")).build());
        HttpResponse<String> retry = app.send(app.request("/v1/videos/" + b1 + "/comments", fan)
                .header("Content-Type", "application/json").header("Idempotency-Key", "k1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"  nice one  \"}")).build());
        HttpResponse<String> second = app.post("/v1/videos/" + b1 + "/comments", fan, "{\"text\":\"again\"}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json(retry).path("id")).isEqualTo(json(first).path("id"));
        assertThat(json(first).path("text").asString()).isEqualTo("nice one");
        JsonNode page = app.ok(app.get("/v1/videos/" + b1 + "/comments", null));
        assertThat(page.path("items").get(0).path("text").asString()).isEqualTo("again");
        assertThat(page.path("items").get(1).path("text").asString()).isEqualTo("nice one");
        assertThat(fx.db().sql("SELECT comment_count FROM videos WHERE id = ?").param(b1).query(Long.class).single())
                .isEqualTo(2);
        JsonNode notifications = app.ok(app.get("/v1/notifications?unread=true", bob));
        assertThat(notifications.toString()).contains("COMMENT", fan);
        assertThat(second.statusCode()).isEqualTo(201);

        assertError(app.post("/v1/videos/" + b1 + "/comments", fan, "{\"text\":\"   \"}"), 400, "invalid_text");
        assertError(app.post("/v1/videos/" + b1 + "/comments", fan, "{\"text\":\"" + "x".repeat(501) + "\"}"), 400,
                "invalid_text", "501");
        assertError(app.post("/v1/videos/" + b1 + "/comments", fan, "not json"), 400, "invalid_body");
        assertError(app.post("/v1/videos/" + b1 + "/comments", null, "{\"text\":\"hi\"}"), 401, "unauthenticated");
        assertError(app.post("/v1/videos/" + a3Private + "/comments", fan, "{\"text\":\"hi\"}"), 404,
                "video_not_found");
    }

    @Test
    void aNotificationReachesTheCreatorsLiveStreamAndAReconnectGetsWhatItMissed() throws Exception {
        String fan = fx.user("streamfan");
        MeterRegistry metrics = app.bean(MeterRegistry.class);
        spinUntil(() -> metrics.get("reelpipe.feed.notifications.listening").gauge().value() == 1);
        Stream stream = Stream.open(alice, null);
        assertThat(stream.connected.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(app.put("/v1/videos/" + a2 + "/like", fan).statusCode()).isEqualTo(204);

        assertThat(stream.received.await(10, TimeUnit.SECONDS)).isTrue();
        stream.close();
        JsonNode event = tools.jackson.databind.json.JsonMapper.builder().build().readTree(stream.data.get());
        assertThat(event.path("kind").asString()).isEqualTo("LIKE");
        assertThat(event.path("actorId").asString()).isEqualTo(fan);
        assertThat(event.path("videoId").asString()).isEqualTo(a2.toString());
        long id = event.path("id").asLong();
        assertThat(stream.lastEventId.get()).isEqualTo(Long.toString(id));

        Stream replay = Stream.open(alice, Long.toString(id - 1));
        assertThat(replay.received.await(10, TimeUnit.SECONDS)).isTrue();
        replay.close();
        assertThat(replay.lastEventId.get()).isEqualTo(Long.toString(id));
        assertError(app.get("/v1/notifications/stream", null), 401, "unauthenticated");
    }

    @Test
    void notificationsAreListedNewestFirstAndCanBeMarkedRead() {
        String reader = fx.user("reader");
        String follower = fx.user("follower");
        assertThat(app.put("/v1/users/" + reader + "/follow", follower).statusCode()).isEqualTo(204);
        assertThat(app.delete("/v1/users/" + reader + "/follow", follower).statusCode()).isEqualTo(204);
        assertThat(app.put("/v1/users/" + reader + "/follow", follower).statusCode()).isEqualTo(204);

        JsonNode unread = app.ok(app.get("/v1/notifications?unread=true", reader));
        assertThat(unread.path("items").size()).isEqualTo(1);
        assertThat(unread.path("items").get(0).path("kind").asString()).isEqualTo("FOLLOW");
        long id = unread.path("items").get(0).path("id").asLong();
        assertThat(app.ok(app.post("/v1/notifications/read", reader, "{\"ids\":[" + id + "]}")).path("updated")
                .asInt()).isEqualTo(1);
        assertThat(app.ok(app.get("/v1/notifications?unread=true", reader)).path("items").size()).isZero();
        assertThat(app.ok(app.get("/v1/notifications", reader)).path("items").get(0).path("read").asBoolean())
                .isTrue();
        assertThat(app.ok(app.post("/v1/notifications/read", reader, "{\"all\":true}")).path("updated").asInt())
                .isZero();
        assertError(app.post("/v1/notifications/read", reader, "{}"), 400, "invalid_body");
        assertError(app.get("/v1/notifications", null), 401, "unauthenticated");
    }

    /** A live notification stream read on a virtual thread, line by line. */
    private static final class Stream {

        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch received = new CountDownLatch(1);
        final AtomicReference<String> data = new AtomicReference<>();
        final AtomicReference<String> lastEventId = new AtomicReference<>();
        private final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;

        private Stream(CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response) {
            this.response = response;
        }

        static Stream open(String user, String lastEventId) {
            java.net.http.HttpRequest.Builder request = app.request("/v1/notifications/stream", user)
                    .timeout(Duration.ofMinutes(1)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            Stream stream = new Stream(app.http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
            Thread.ofVirtual().start(stream::read);
            return stream;
        }

        private void read() {
            try (java.util.stream.Stream<String> lines = response.join().body()) {
                lines.forEach(line -> {
                    if (line.startsWith(":connected")) {
                        connected.countDown();
                    } else if (line.startsWith("id:")) {
                        lastEventId.set(line.substring(3).strip());
                    } else if (line.startsWith("data:") && data.compareAndSet(null, line.substring(5).strip())) {
                        received.countDown();
                    }
                });
            } catch (RuntimeException closed) {
                // The test closed the stream.
            }
        }

        void close() {
            response.thenAccept(r -> r.body().close());
        }
    }

    private static void spinUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 10 s").isNegative();
            Thread.onSpinWait();
        }
    }

    @Test
    void countersAreRightAfterConcurrentLikesAndUnlikesAndEachLikeNotifiesOnce() throws Exception {
        UUID video = fx.video(bob, "Contested", "PUBLIC", "READY", minutes(40), List.of(), null, null, null);
        List<String> fans = IntStream.range(0, 40).mapToObj(i -> fx.user("fan" + i)).toList();

        concurrently(fans, fan -> app.put("/v1/videos/" + video + "/like", fan));
        concurrently(fans, fan -> app.put("/v1/videos/" + video + "/like", fan));
        assertThat(likeCount(video)).isEqualTo(40);
        concurrently(fans.subList(0, 25), fan -> app.delete("/v1/videos/" + video + "/like", fan));
        assertThat(likeCount(video)).isEqualTo(15);
        concurrently(fans.subList(0, 25), fan -> app.put("/v1/videos/" + video + "/like", fan));

        assertThat(likeCount(video)).isEqualTo(40);
        assertThat(fx.db().sql("SELECT count(*) FROM notifications WHERE video_id = ? AND kind = 'LIKE'")
                .param(video).query(Long.class).single()).isEqualTo(40);
        JsonNode shown = item("/v1/users/" + bob + "/videos?limit=50", fans.getFirst(), video);
        assertThat(shown.path("stats").path("likes").asLong()).isEqualTo(40);
        assertThat(shown.path("viewer").path("liked").asBoolean()).isTrue();
    }

    @Test
    void aLikeShowsInTheViewersNextPageAtOnceThoughTheOldPageWasCached() {
        String viewer = fx.user("flipper");
        assertThat(item("/v1/users/" + alice + "/videos", viewer, a2).path("viewer").path("liked").asBoolean())
                .isFalse();

        assertThat(app.put("/v1/videos/" + a2 + "/like", viewer).statusCode()).isEqualTo(204);
        assertThat(item("/v1/users/" + alice + "/videos", viewer, a2).path("viewer").path("liked").asBoolean())
                .isTrue();
        assertThat(app.delete("/v1/videos/" + a2 + "/like", viewer).statusCode()).isEqualTo(204);
        assertThat(item("/v1/users/" + alice + "/videos", viewer, a2).path("viewer").path("liked").asBoolean())
                .isFalse();
    }

    @Test
    void pagingIsStableWhileNewVideosArrive() throws Exception {
        String creator = fx.user("prolific");
        List<UUID> existing = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            existing.add(fx.video(creator, "Old " + i, "PUBLIC", "READY", minutes(100 + i), List.of(), null, null,
                    null));
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        CountDownLatch inserting = new CountDownLatch(1);
        List<UUID> seen = new ArrayList<>();
        try (ExecutorService inserter = Executors.newSingleThreadExecutor()) {
            Future<Integer> inserted = inserter.submit(() -> {
                int n = 0;
                while (paging.get() || n == 0) {
                    fx.video(creator, "New " + n, "PUBLIC", "READY", Instant.now(), List.of(), null, null, null);
                    n++;
                    inserting.countDown();
                }
                return n;
            });
            try {
                assertThat(inserting.await(10, TimeUnit.SECONDS)).isTrue();
                // Signed in, so each page is read from the database (a fresh viewer has no cached pages).
                String viewer = fx.user("pager");
                String cursor = "";
                while (cursor != null) {
                    JsonNode page = app.ok(app.get("/v1/users/" + creator + "/videos?limit=2&cursor=" + cursor,
                            viewer));
                    page.path("items").forEach(item -> seen.add(UUID.fromString(item.path("id").asString())));
                    cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
                }
            } finally {
                paging.set(false);
            }
            assertThat(inserted.get(10, TimeUnit.SECONDS)).isPositive();
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen.stream().filter(new HashSet<>(existing)::contains).toList()).containsExactlyElementsOf(existing);
    }

    @Test
    void aUserOverTheirInteractionLimitGets429WithRetryAfter() {
        String eager = fx.user("eager");
        HttpResponse<String> last = null;
        for (int i = 0; i < 31; i++) {
            last = app.put("/v1/videos/" + (i % 2 == 0 ? a1 : b1) + "/bookmark", eager);
        }
        assertError(last, 429, "rate_limited", "at most 30");
        // The window slides: this minute's 31 still weigh on the next minute until enough of them have slid out.
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v))
                .isBetween(1L, 120L));
    }

    @Test
    void theTrendingFastPathLeavesEveryOtherRequestOnThePathToTheController() {
        app.get("/v1/trending/videos?limit=3", null); // fills the cache the fast paths serve from
        double before = fastHits("jetty") + fastHits("servlet");

        assertThat(app.get("/v1/trending/videos?limit=3", null).statusCode()).isEqualTo(200);
        assertThat(fastHits("jetty") + fastHits("servlet")).isEqualTo(before + 1);
        assertThat(app.send(app.request("/v1/trending/videos?limit=3", null)
                .method("POST", HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(405);
        assertError(app.get("/v1/trending/videos?limit=99", null), 400, "invalid_limit", "99");
        assertError(app.get("/v1/trending/videos?limit=3&cursor=nope!", null), 400, "invalid_cursor");
        HttpResponse<String> head = app.send(app.request("/v1/trending/videos?limit=3", null)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(fastHits("jetty") + fastHits("servlet")).as("none of those by a fast path").isEqualTo(before + 1);
    }

    private static double fastHits(String layer) {
        return app.bean(MeterRegistry.class).get("reelpipe.feed.fast.hits").tag("layer", layer).counter().count();
    }

    @Test
    void badInputIsAClear4xx() {
        assertError(app.get("/v1/feed?type=latest&limit=0", null), 400, "invalid_limit", "0");
        assertError(app.get("/v1/feed?type=creator", null), 400, "unknown_feed_type", "/v1/users/{id}/videos");
        assertError(app.get("/v1/feed?type=trending&cursor=nope!", null), 400, "invalid_cursor", "base64url");
        String timeCursor = app.ok(app.get("/v1/users/" + alice + "/videos?limit=1", null)).path("nextCursor")
                .asString();
        assertError(app.get("/v1/series/" + series + "/videos?cursor=" + timeCursor, null), 400, "invalid_cursor",
                "another kind");
        assertError(app.get("/v1/users/bad%20id/videos", null), 400, "invalid_id", "'bad id'");
        assertError(app.get("/v1/series/not-a-uuid/videos", null), 400, "invalid_id", "UUID");
        assertError(app.get("/v1/hashtags/no-dashes/videos", null), 400, "invalid_hashtag", "'no-dashes'");
        assertError(app.get("/v1/trending/planets", null), 404, "unknown_trending_list", "'planets'");
        assertError(app.put("/v1/users/" + carol + "/follow", carol), 400, "self_relation");
        assertError(app.put("/v1/users/" + fx.prefix() + "-nobody/follow", carol), 404, "user_not_found");
        assertError(app.put("/v1/videos/" + UUID.randomUUID() + "/like", carol), 404, "video_not_found");
        assertError(app.put("/v1/videos/" + a1 + "/like", null), 401, "unauthenticated");
    }

    @Test
    void aBadOrExpiredTokenIs401WithABearerChallengeEvenWhereTokensAreOptional() {
        HttpResponse<String> garbage = app.send(app.request("/v1/feed?type=latest", null)
                .header("Authorization", "Bearer not.a.token").build());
        assertError(garbage, 401, "invalid_token", "not valid");
        assertThat(garbage.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"reelpipe\", error=\"invalid_token\"");
        String expired = app.tokens().token(carol, "reelpipe-dev", "reelpipe", Instant.now().minusSeconds(120));
        assertError(app.send(app.request("/v1/feed?type=latest", null).header("Authorization", "Bearer " + expired)
                .build()), 401, "invalid_token");
        String otherAudience = app.tokens().token(carol, "reelpipe-dev", "elsewhere", Instant.now().plusSeconds(60));
        assertError(app.send(app.request("/v1/feed?type=latest", null)
                .header("Authorization", "Bearer " + otherAudience).build()), 401, "invalid_token");
        assertError(app.send(app.request("/v1/feed?type=latest", null).header("Authorization", "Basic x").build()),
                401, "invalid_token", "Bearer");
    }

    @Test
    void cacheHeadersArePublicOnlyForWhatIsTheSameForEverybody() {
        HttpResponse<String> trending = app.get("/v1/trending/videos", null);
        assertThat(trending.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        // The second is answered by Jetty from memory ahead of the servlet container, with the same headers and
        // validators; a revalidation by the servlet filter ahead of the controller.
        double edgeHits = fastHits("jetty");
        HttpResponse<String> fast = app.get("/v1/trending/videos", null);
        assertThat(fastHits("jetty")).as("served by Jetty's handler").isEqualTo(edgeHits + 1);
        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(fast.body()).isEqualTo(trending.body());
        assertThat(fast.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(fast.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(fast.headers().firstValue("ETag")).isEqualTo(trending.headers().firstValue("ETag"));
        double filterHits = fastHits("servlet");
        HttpResponse<String> revalidated = app.send(app.request("/v1/trending/videos", null)
                .header("If-None-Match", trending.headers().firstValue("ETag").orElseThrow()).build());
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.headers().firstValue("ETag")).isEqualTo(trending.headers().firstValue("ETag"));
        assertThat(fastHits("servlet")).as("revalidated by the servlet filter").isEqualTo(filterHits + 1);
        assertThat(app.get("/v1/feed?type=trending", null).headers().firstValue("Cache-Control"))
                .hasValue("public, max-age=300");
        HttpResponse<String> forYou = app.get("/v1/feed?type=for_you", carol);
        assertThat(forYou.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
        assertThat(forYou.headers().allValues("Vary")).contains("Authorization");
        HttpResponse<String> personal = app.get("/v1/users/" + alice + "/videos", carol);
        assertThat(personal.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        HttpResponse<String> again = app.send(app.request("/v1/users/" + alice + "/videos", carol)
                .header("If-None-Match", personal.headers().firstValue("ETag").orElseThrow()).build());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(app.get("/v1/users/" + alice + "/videos", null).headers().firstValue("Cache-Control"))
                .hasValue("public, max-age=30");
        HttpResponse<String> openApi = app.get("/v1/openapi.yaml", null);
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        assertThat(openApi.body()).startsWith("openapi: 3.1");
    }

    private static long likeCount(UUID video) {
        return fx.db().sql("SELECT like_count FROM videos WHERE id = ?").param(video).query(Long.class).single();
    }

    /** Runs {@code action} for every user at once (released together by a latch) and expects a 204 from each. */
    private static void concurrently(List<String> users, java.util.function.Function<String, HttpResponse<String>> action)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String user : users) {
                results.add(pool.submit(() -> {
                    start.await();
                    return action.apply(user);
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> result : results) {
                HttpResponse<String> response = result.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
            }
        }
    }
}
