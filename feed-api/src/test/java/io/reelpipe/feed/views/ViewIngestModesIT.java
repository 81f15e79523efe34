package io.reelpipe.feed.views;

import static io.reelpipe.feed.views.ViewRequests.event;
import static io.reelpipe.feed.views.ViewRequests.results;
import static io.reelpipe.feed.views.ViewRequests.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's baselines, one transaction per view, answer and count exactly as group commit does: a feed-api in
 * {@code per-event} mode (counters updated per view) and one in {@code per-event-folded} mode, on one database.
 */
class ViewIngestModesIT {

    private static ViewsDatabase database;
    private static FeedTestApp perEvent;
    private static FeedTestApp perEventFolded;

    @BeforeAll
    static void start() throws Exception {
        database = ViewsDatabase.create();
        perEvent = start("per-event");
        perEventFolded = start("per-event-folded");
    }

    private static FeedTestApp start(String mode) throws Exception {
        Map<String, Object> properties = new HashMap<>(database.properties());
        properties.put("reelpipe.views.ingest-mode", mode);
        return FeedTestApp.start(properties);
    }

    @AfterAll
    static void stop() {
        for (FeedTestApp app : new FeedTestApp[] {perEvent, perEventFolded}) {
            if (app != null) {
                app.close();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void oneTransactionPerViewCountsAndDeduplicatesLikeGroupCommit() {
        String owner = database.user("modes-owner");
        UUID video = database.video(owner);
        UUID other = database.video(owner);
        String session = session();

        assertThat(results(perEvent, null, session, event(video, 5_000), event(other, 1_000), event(other, 5_000)))
                .containsExactly("counted", "too_short", "counted");
        assertThat(database.db().sql("SELECT view_count FROM videos WHERE id = ?").param(video).query(Long.class)
                .single()).as("per-event updates the counter in the view's own transaction").isEqualTo(1);
        assertThat(results(perEventFolded, null, session, event(video, 5_000), event(other, 5_000)))
                .containsExactly("duplicate", "duplicate");
        assertThat(results(perEventFolded, null, session(), event(video, 5_000))).containsExactly("counted");

        assertThat(database.rawViews(video)).isEqualTo(2);
        assertThat(database.viewCount(video)).isEqualTo(2);
        assertThat(database.rolledUp(video)).isEqualTo(2);
        assertThat(database.viewCount(other)).isEqualTo(1);
    }
}
