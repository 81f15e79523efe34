package io.reelpipe.feed.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Builds {@code POST /v1/views} bodies and reads their answers. */
final class ViewRequests {

    private ViewRequests() {}

    /** One view event. */
    record Event(UUID videoId, long watchMs) {}

    static Event event(UUID videoId, long watchMs) {
        return new Event(videoId, watchMs);
    }

    /** A fresh session id (a UUID, as clients are told to use). */
    static String session() {
        return UUID.randomUUID().toString();
    }

    static String body(String sessionId, List<Event> events) {
        StringBuilder json = new StringBuilder("{");
        if (sessionId != null) {
            json.append("\"sessionId\":\"").append(sessionId).append("\",");
        }
        json.append("\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"videoId\":\"").append(events.get(i).videoId())
                    .append("\",\"watchMs\":").append(events.get(i).watchMs()).append('}');
        }
        return json.append("]}").toString();
    }

    /** Posts the events as {@code user} (or anonymously, when {@code null}) in {@code sessionId}. */
    static HttpResponse<String> post(FeedTestApp app, String user, String sessionId, Event... events) {
        return app.post("/v1/views", user, body(sessionId, List.of(events)));
    }

    /** Posts and expects 202: each event's outcome, in order. */
    static List<String> results(FeedTestApp app, String user, String sessionId, Event... events) {
        HttpResponse<String> response = post(app, user, sessionId, events);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = FeedTestApp.json(response);
        List<String> results = new ArrayList<>();
        body.path("results").forEach(result -> results.add(result.asString()));
        assertThat(body.path("received").asInt()).isEqualTo(events.length);
        return results;
    }
}
