package io.reelpipe.feed.views;

import static io.reelpipe.feed.support.FeedTestApp.assertError;
import static io.reelpipe.feed.views.ViewRequests.event;
import static io.reelpipe.feed.views.ViewRequests.results;
import static io.reelpipe.feed.views.ViewRequests.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import io.reelpipe.testkit.LocalServices;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/views} on a feed-api of its own database and real Redis, its clock standing still in the middle of
 * an hour: what counts (watch time, visibility, status), what is a duplicate, and that counted views reach the raw
 * table, the video's counter and the day's rollup in the same commit.
 */
class ViewIngestIT {

    private static final Instant NOW = Instant.parse("2031-03-14T10:30:00Z");

    private static ViewsDatabase database;
    private static FeedTestApp app;
    private static String owner;

    @BeforeAll
    static void start() throws Exception {
        database = ViewsDatabase.create();
        String clock = LocalServices.uniqueName("ingest-clock");
        TestClocks.create(clock, NOW);
        Map<String, Object> properties = new HashMap<>(database.properties());
        properties.putAll(TestClocks.properties(clock));
        app = FeedTestApp.start(properties);
        owner = database.user("creator-" + System.nanoTime());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aViewCountsOnceItReachesThreeSecondsOfALongVideo() {
        UUID video = database.video(owner, "READY", "PUBLIC", 60_000);

        assertThat(results(app, null, session(), event(video, 2_999))).containsExactly("too_short");
        assertThat(results(app, null, session(), event(video, 3_000))).containsExactly("counted");

        assertThat(database.rawViews(video)).isEqualTo(1);
        assertThat(database.viewCount(video)).isEqualTo(1);
        assertThat(database.rolledUp(video)).isEqualTo(1);
    }

    @Test
    void aViewOfAShortVideoCountsAtHalfItsDuration() {
        UUID video = database.video(owner, "READY", "PUBLIC", 4_000);

        assertThat(results(app, null, session(), event(video, 1_999))).containsExactly("too_short");
        assertThat(results(app, null, session(), event(video, 2_000))).containsExactly("counted");
    }

    @Test
    void theSameViewerCountsOncePerVideoWithinTheWindowSignedInOrNot() {
        UUID video = database.video(owner);
        UUID other = database.video(owner);
        String session = session();
        String user = database.user("viewer-" + System.nanoTime());

        assertThat(results(app, null, session, event(video, 5_000), event(video, 6_000), event(other, 5_000)))
                .containsExactly("counted", "duplicate", "counted");
        assertThat(results(app, null, session, event(video, 9_000), event(other, 9_000)))
                .containsExactly("duplicate", "duplicate");
        assertThat(results(app, user, session, event(video, 9_000))).as("a signed-in viewer is a viewer of their own")
                .containsExactly("counted");
        assertThat(results(app, user, session(), event(video, 9_000))).as("whatever the session")
                .containsExactly("duplicate");

        assertThat(database.viewCount(video)).isEqualTo(2);
        assertThat(database.rawViews(video)).isEqualTo(2);
        assertThat(database.rolledUp(video)).isEqualTo(2);
        assertThat(database.viewCount(other)).isEqualTo(1);
    }

    @Test
    void eventsForVideosAViewerCannotSeeAreRejectedOneByOne() {
        UUID ready = database.video(owner);
        UUID processing = database.video(owner, "PROCESSING", "PUBLIC", 10_000);
        UUID unlisted = database.video(owner, "READY", "UNLISTED", 10_000);
        UUID mine = database.video(owner, "READY", "PRIVATE", 10_000);

        assertThat(results(app, null, session(), event(ready, 5_000), event(UUID.randomUUID(), 5_000),
                event(processing, 5_000), event(unlisted, 5_000), event(mine, 5_000)))
                .containsExactly("counted", "video_not_found", "video_not_ready", "counted", "video_not_found");
        assertThat(results(app, owner, session(), event(mine, 5_000))).as("a private video counts for its owner")
                .containsExactly("counted");
        assertThat(database.viewCount(mine)).isEqualTo(1);
    }

    @Test
    void theAnswerCountsEachOutcome() {
        UUID video = database.video(owner);
        String session = session();

        HttpResponse<String> response = ViewRequests.post(app, null, session, event(video, 5_000),
                event(video, 5_000), event(video, 100), event(UUID.randomUUID(), 5_000));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = FeedTestApp.json(response);
        assertThat(body.path("received").asInt()).isEqualTo(4);
        assertThat(body.path("counted").asInt()).isEqualTo(1);
        assertThat(body.path("duplicate").asInt()).isEqualTo(1);
        assertThat(body.path("tooShort").asInt()).isEqualTo(1);
        assertThat(body.path("rejected").asInt()).isEqualTo(1);
    }

    @Test
    void aBatchThatIsNotValidIsRefusedNamingTheField() {
        UUID video = database.video(owner);
        ViewRequests.Event ok = event(video, 5_000);
        ViewRequests.Event[] tooMany = new ViewRequests.Event[101];
        Arrays.fill(tooMany, ok);

        assertError(app.post("/v1/views", null, "{\"events\": [oops"), 400, "invalid_body", "not valid JSON");
        assertError(ViewRequests.post(app, null, session()), 400, "invalid_events", "at least one");
        assertError(ViewRequests.post(app, null, session(), tooMany), 400, "too_many_events", "at most 100");
        assertError(ViewRequests.post(app, null, session(), ok, event(video, -1)), 400, "invalid_watch_ms",
                "events[1].watchMs", "-1");
        assertError(ViewRequests.post(app, null, session(), event(video, 3_600_001)), 400, "invalid_watch_ms",
                "events[0].watchMs", "3600001");
        assertError(app.post("/v1/views", null, "{\"sessionId\": \"" + session()
                + "\", \"events\": [{\"videoId\": \"not-a-video\", \"watchMs\": 5000}]}"), 400,
                "invalid_video_id", "events[0].videoId", "'not-a-video'");
        assertError(ViewRequests.post(app, null, null, ok), 400, "missing_session_id", "sessionId");
        assertError(ViewRequests.post(app, null, "tiny", ok), 400, "invalid_session_id", "'tiny'");
        assertError(app.send(app.request("/v1/views", null).header("Authorization", "Bearer not-a-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ViewRequests.body(session(), List.of(ok)))).build()),
                401, "invalid_token");
        assertThat(database.rawViews(video)).as("nothing of a refused batch is stored").isZero();
    }
}
