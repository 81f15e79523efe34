package io.reelpipe.feed.views;

import static io.reelpipe.feed.support.FeedTestApp.assertError;
import static io.reelpipe.feed.views.ViewRequests.event;
import static io.reelpipe.feed.views.ViewRequests.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The view limits on a feed-api of their own (10 events per viewer and 30 per client address per hour, sliding): over
 * either is 429 with Retry-After, counted in events, and the views of a refused request are not stored.
 */
class ViewLimitsIT {

    private static ViewsDatabase database;
    private static FeedTestApp app;

    @BeforeAll
    static void start() throws Exception {
        database = ViewsDatabase.create();
        Map<String, Object> properties = new HashMap<>(database.properties());
        properties.put("reelpipe.views.viewer-limit", 10);
        properties.put("reelpipe.views.ip-limit", 30);
        properties.put("reelpipe.views.limit-window", "1h");
        app = FeedTestApp.start(properties);
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
    void aViewerAndThenAnAddressOverTheirBudgetGet429WithRetryAfter() {
        // The windows slide, so the budgets hold the same whether or not an hour boundary falls inside the test.
        String owner = database.user("limits-owner");
        UUID[] videos = new UUID[12];
        for (int i = 0; i < videos.length; i++) {
            videos[i] = database.video(owner);
        }
        String first = session();

        assertThat(ViewRequests.results(app, null, first, events(videos, 0, 10))).hasSize(10).containsOnly("counted");
        HttpResponse<String> overViewer = ViewRequests.post(app, null, first, event(videos[10], 5_000));
        assertError(overViewer, 429, "rate_limited", "at most 10 view events");
        assertThat(Long.parseLong(overViewer.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(database.rawViews(videos[10])).isZero();

        // The address has spent 11 of its 30: two more sessions of 9 and 10 events reach 30, the next event is over.
        assertThat(ViewRequests.results(app, null, session(), events(videos, 0, 9))).hasSize(9);
        assertThat(ViewRequests.results(app, null, session(), events(videos, 0, 10))).hasSize(10);
        HttpResponse<String> overAddress = ViewRequests.post(app, null, session(), event(videos[11], 5_000));
        assertError(overAddress, 429, "rate_limited", "at most 30 view events");
        assertThat(overAddress.headers().firstValue("Retry-After")).isPresent();
        assertThat(database.rawViews(videos[11])).isZero();
    }

    private static ViewRequests.Event[] events(UUID[] videos, int from, int count) {
        ViewRequests.Event[] events = new ViewRequests.Event[count];
        for (int i = 0; i < count; i++) {
            events[i] = event(videos[from + i], 5_000);
        }
        return events;
    }
}
