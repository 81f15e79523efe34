package io.reelpipe.feed.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.feed.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ViewBatchParserTests {

    private static final String VIDEO = "0f8c2a4e-5b1d-4c3e-9a7f-2d6b8e1c4a90";
    private final ViewBatchParser parser = new ViewBatchParser(3, 3_600_000);

    @Test
    void aBatchIsReadInOrderAndUnknownFieldsAreSkipped() {
        ViewBatch batch = parse("""
                {"client": {"os": "ios", "build": [1, 2]}, "sessionId": "a1b2c3d4e5f6g7h8",
                 "events": [{"videoId": "%s", "watchMs": 3000, "position": 2.5},
                            {"watchMs": 0, "videoId": "%s"}]}
                """.formatted(VIDEO, VIDEO.toUpperCase()));

        assertThat(batch.sessionId()).isEqualTo("a1b2c3d4e5f6g7h8");
        assertThat(batch.events()).containsExactly(new ViewBatch.Event(UUID.fromString(VIDEO), 3000),
                new ViewBatch.Event(UUID.fromString(VIDEO), 0));
    }

    @Test
    void theSessionIdMayBeLeftOutForASignedInViewer() {
        assertThat(parse("{\"events\": [{\"videoId\": \"" + VIDEO + "\", \"watchMs\": 1}]}").sessionId()).isNull();
        assertThat(parse("{\"sessionId\": null, \"events\": [{\"videoId\": \"" + VIDEO + "\", \"watchMs\": 1}]}")
                .sessionId()).isNull();
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithWhereItBroke() {
        assertRefused("{\"events\": [", "invalid_body", "not valid JSON");
        assertRefused("[]", "invalid_body", "JSON object");
        assertRefused("{} {}", "invalid_body", "nothing after it");
        assertRefused("", "invalid_body");
    }

    @Test
    void eventsMustBeOneToTheMaximum() {
        assertRefused("{\"sessionId\": \"a1b2c3d4e5f6g7h8\"}", "invalid_events", "events is required");
        assertRefused("{\"events\": []}", "invalid_events", "at least one");
        assertRefused("{\"events\": {}}", "invalid_events", "must be an array", "an object");
        String four = "{\"videoId\": \"" + VIDEO + "\", \"watchMs\": 1}";
        assertRefused("{\"events\": [" + String.join(",", four, four, four, four) + "]}", "too_many_events",
                "at most 3");
        assertRefused("{\"events\": [42]}", "invalid_events", "events[0] must be an object", "42");
    }

    @Test
    void aBadFieldIsNamedWithItsIndexAndValue() {
        assertRefused(events("\"videoId\": \"" + VIDEO + "\", \"watchMs\": -5"), "invalid_watch_ms",
                "events[1].watchMs", "0 to 3600000", "-5");
        assertRefused(events("\"videoId\": \"" + VIDEO + "\", \"watchMs\": 3600001"), "invalid_watch_ms",
                "3600001");
        assertRefused(events("\"videoId\": \"" + VIDEO + "\", \"watchMs\": 99999999999999999999999"),
                "invalid_watch_ms", "events[1].watchMs");
        assertRefused(events("\"videoId\": \"" + VIDEO + "\", \"watchMs\": 2.5"), "invalid_watch_ms", "2.5");
        assertRefused(events("\"videoId\": \"" + VIDEO + "\", \"watchMs\": \"3000\""), "invalid_watch_ms",
                "'3000'");
        assertRefused(events("\"videoId\": \"" + VIDEO + "\""), "invalid_watch_ms", "events[1].watchMs is required");
        assertRefused(events("\"videoId\": \"1-1-1-1-1\", \"watchMs\": 1"), "invalid_video_id",
                "events[1].videoId must be a UUID", "'1-1-1-1-1'");
        assertRefused(events("\"videoId\": 7, \"watchMs\": 1"), "invalid_video_id", "events[1].videoId");
        assertRefused(events("\"watchMs\": 1"), "invalid_video_id", "events[1].videoId is required");
    }

    @Test
    void aSessionIdIs16To64UrlSafeCharacters() {
        String event = ", \"events\": [{\"videoId\": \"" + VIDEO + "\", \"watchMs\": 1}]}";
        assertRefused("{\"sessionId\": \"short\"" + event, "invalid_session_id", "16-64", "'short'");
        assertRefused("{\"sessionId\": \"" + "x".repeat(65) + "\"" + event, "invalid_session_id");
        assertRefused("{\"sessionId\": \"has spaces in it ok\"" + event, "invalid_session_id");
        assertRefused("{\"sessionId\": 1234567890123456789" + event, "invalid_session_id");
        assertThat(parse("{\"sessionId\": \"" + UUID.randomUUID() + "\"" + event).sessionId()).hasSize(36);
    }

    private static String events(String secondEvent) {
        return "{\"events\": [{\"videoId\": \"" + VIDEO + "\", \"watchMs\": 1}, {" + secondEvent + "}]}";
    }

    private ViewBatch parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(String body, String code, String... mentions) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.code()).isEqualTo(code);
                    if (mentions.length > 0) {
                        assertThat(e.getMessage()).contains(mentions);
                    }
                });
    }
}
