package io.reelpipe.feed.views;

import static io.reelpipe.feed.views.ViewRequests.event;
import static io.reelpipe.feed.views.ViewRequests.results;
import static io.reelpipe.feed.views.ViewRequests.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import io.reelpipe.testkit.LocalServices;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
