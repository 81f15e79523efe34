package io.reelpipe.feed.views;

import io.reelpipe.feed.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a {@code POST /v1/views} body with Jackson's streaming parser: no tree or data binding in between (the
 * endpoint takes tens of thousands of events a second), and every refusal is a 400 naming the field, such as
 * {@code events[3].watchMs must be an integer from 0 to 3600000, got -5}. Unknown fields are skipped, so clients may
 * send more than this version reads.
 */
final class ViewBatchParser {

    private static final JsonFactory JSON = new JsonFactory();

    private final int maxEvents;
    private final int maxWatchMs;

    ViewBatchParser(int maxEvents, int maxWatchMs) {
        this.maxEvents = maxEvents;
        this.maxWatchMs = maxWatchMs;
    }

    /**
     * The batch in {@code body}.
     *
     * @throws ApiException 400 with a code and a message naming the field when the body is not a valid batch
     */
    ViewBatch parse(byte[] body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("invalid_body", "the body must be a JSON object {\"sessionId\": ..., \"events\": [...]}");
            }
            String sessionId = null;
            List<ViewBatch.Event> events = null;
            for (String field = parser.nextName(); field != null; field = parser.nextName()) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "sessionId" -> sessionId = sessionId(parser, value);
                    case "events" -> events = events(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw invalid("invalid_body", "the body must hold one JSON object and nothing after it");
            }
            if (events == null) {
                throw invalid("invalid_events", "events is required: an array of 1-" + maxEvents + " events");
            }
            return new ViewBatch(sessionId, events);
        } catch (JacksonException e) {
            throw invalid("invalid_body", "the body is not valid JSON: " + e.getOriginalMessage() + " at "
                    + e.getLocation().offsetDescription());
        }
    }

    /** Whether {@code id} is a well-formed session id: 16-64 of {@code [A-Za-z0-9_-]}. */
    static boolean isValidSessionId(String id) {
        if (id.length() < 16 || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static String sessionId(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        String id = value == JsonToken.VALUE_STRING ? parser.getString() : null;
        if (id == null || !isValidSessionId(id)) {
            throw invalid("invalid_session_id", "sessionId must be a string of 16-64 of [A-Za-z0-9_-] (a UUID will"
                    + " do), got " + shown(parser, value));
        }
        return id;
    }

    private List<ViewBatch.Event> events(JsonParser parser, JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            throw invalid("invalid_events", "events must be an array of 1-" + maxEvents + " events, got "
                    + shown(parser, value));
        }
        List<ViewBatch.Event> events = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (events.size() == maxEvents) {
                throw invalid("too_many_events", "events may hold at most " + maxEvents
                        + " events per request; send the rest in another request");
            }
            events.add(event(parser, token, events.size()));
        }
        if (events.isEmpty()) {
            throw invalid("invalid_events", "events must hold at least one event");
        }
        return events;
    }

    private ViewBatch.Event event(JsonParser parser, JsonToken token, int index) {
        String at = "events[" + index + "]";
        if (token != JsonToken.START_OBJECT) {
            throw invalid("invalid_events", at + " must be an object {\"videoId\": ..., \"watchMs\": ...}, got "
                    + shown(parser, token));
        }
        UUID videoId = null;
        int watchMs = -1;
        for (String field = parser.nextName(); field != null; field = parser.nextName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "videoId" -> {
                    videoId = value == JsonToken.VALUE_STRING ? Uuids.parse(parser.getString()) : null;
                    if (videoId == null) {
                        throw invalid("invalid_video_id", at + ".videoId must be a UUID such as"
                                + " 0f8c2a4e-5b1d-4c3e-9a7f-2d6b8e1c4a90, got " + shown(parser, value));
                    }
                }
                case "watchMs" -> {
                    // At most 10 characters: a longer integer is out of range anyway, and is never parsed.
                    long watched = value == JsonToken.VALUE_NUMBER_INT && parser.getStringLength() <= 10
                            ? parser.getLongValue() : -1;
                    if (watched < 0 || watched > maxWatchMs) {
                        throw invalid("invalid_watch_ms", at + ".watchMs must be an integer from 0 to "
                                + maxWatchMs + ", got " + shown(parser, value));
                    }
                    watchMs = (int) watched;
                }
                default -> parser.skipChildren();
            }
        }
        if (videoId == null) {
            throw invalid("invalid_video_id", at + ".videoId is required");
        }
        if (watchMs < 0) {
            throw invalid("invalid_watch_ms", at + ".watchMs is required");
        }
        return new ViewBatch.Event(videoId, watchMs);
    }

    private static String shown(JsonParser parser, JsonToken value) {
        return switch (value) {
            case VALUE_STRING -> ApiException.quote(parser.getString());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                String text = parser.getString();
                yield text.length() > 40 ? text.substring(0, 40) + "..." : text;
            }
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> value.asString() == null ? value.name() : value.asString();
        };
    }

    private static ApiException invalid(String code, String message) {
        return ApiException.badRequest(code, message);
    }
}
