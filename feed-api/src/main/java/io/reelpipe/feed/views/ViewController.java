package io.reelpipe.feed.views;

import io.reelpipe.feed.auth.Viewer;
import io.reelpipe.feed.social.RateLimiter;
import io.reelpipe.feed.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/views}: a batch of view events from a client, signed in (bearer token) or anonymous (then with a
 * session id). Answered {@code 202} once every counted view is committed, with each event's outcome; a body that is
 * not a valid batch is {@code 400} naming the field; over a limit (events per viewer, per client address) is
 * {@code 429}; views that could not be stored are {@code 503}, and the same request may be sent again (a retried view
 * is never counted twice). The client address is the connection's peer: behind a proxy, set
 * {@code server.forward-headers-strategy} so it is the client's.
 */
@RestController
final class ViewController {

    private static final String LIMIT_SCOPE = "view event";

    private final ViewIngestion ingestion;
    private final RateLimiter limiter;
    private final ViewsProperties properties;
    private final ViewBatchParser parser;

    ViewController(ViewIngestion ingestion, RateLimiter limiter, ViewsProperties properties) {
        this.ingestion = ingestion;
        this.limiter = limiter;
        this.properties = properties;
        this.parser = new ViewBatchParser(properties.maxEvents(), (int) properties.maxWatch().toMillis());
    }

    /**
     * The answer: how many events had each outcome, and each event's outcome in request order ({@code counted},
     * {@code duplicate}, {@code too_short}, or the reason it was rejected: {@code video_not_found},
     * {@code video_not_ready}).
     */
    record Accepted(int received, int counted, int duplicate, int tooShort, int rejected, List<String> results) {}

    @PostMapping("/v1/views")
    ResponseEntity<Accepted> record(Optional<Viewer> viewer, HttpServletRequest request) throws IOException {
        ViewBatch batch = parser.parse(body(request));
        String userId = viewer.map(Viewer::id).orElse(null);
        if (userId == null && batch.sessionId() == null) {
            throw ApiException.badRequest("missing_session_id", "an anonymous client must send sessionId (16-64 of"
                    + " [A-Za-z0-9_-], the same for the whole session); or sign in with a bearer token");
        }
        int cost = batch.events().size();
        limiter.acquire(LIMIT_SCOPE, "ip:" + request.getRemoteAddr(), cost, properties.ipLimit(),
                properties.limitWindow());
        limiter.acquire(LIMIT_SCOPE, userId != null ? "u:" + userId : "s:" + batch.sessionId(), cost,
                properties.viewerLimit(), properties.limitWindow());

        List<ViewIngestion.Outcome> outcomes = ingestion.ingest(userId, batch);
        int counted = 0;
        int duplicate = 0;
        int tooShort = 0;
        int rejected = 0;
        String[] results = new String[outcomes.size()];
        for (int i = 0; i < results.length; i++) {
            ViewIngestion.Outcome outcome = outcomes.get(i);
            results[i] = outcome.code();
            switch (outcome) {
                case COUNTED -> counted++;
                case DUPLICATE -> duplicate++;
                case TOO_SHORT -> tooShort++;
                case VIDEO_NOT_FOUND, VIDEO_NOT_READY -> rejected++;
            }
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Accepted(results.length, counted, duplicate, tooShort, rejected, List.of(results)));
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        int max = properties.maxBodyBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        }
    }

    private static ApiException tooLarge(int max) {
        return ApiException.badRequest("body_too_large", "the body may be at most " + max + " bytes; send at most"
                + " the documented number of events per request");
    }
}
