package io.reelpipe.feed.social;

import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.feed.auth.Viewer;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.CachedResponses;
import io.reelpipe.feed.web.PageCursor;
import io.reelpipe.feed.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A video's comments: {@code GET} lists them newest first (keyset {@code cursor}, {@code limit} 1-50), {@code POST}
 * adds one ({@code {"text": "..."}}, 1-500 characters; needs a bearer token; rate limited). A retried {@code POST}
 * with the same {@code Idempotency-Key} returns the comment the first one created instead of adding another.
 * Anonymous pages are cached (and dropped on every instance when a comment is added); signed-in pages, which leave out
 * blocked users, are read fresh.
 */
@RestController
final class CommentController {

    private static final int MAX_TEXT = 500;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String ANONYMOUS_CACHE_CONTROL = "public, max-age=10";

    private final Comments comments;
    private final RateLimiter limiter;
    private final FeedCaches caches;
    private final JsonMapper json;

    CommentController(Comments comments, RateLimiter limiter, FeedCaches caches, JsonMapper json) {
        this.comments = comments;
        this.limiter = limiter;
        this.caches = caches;
        this.json = json;
    }

    /**
     * The body of {@code POST /v1/videos/{id}/comments}.
     *
     * @param text the comment
     */
    record NewComment(String text) {}

    @GetMapping("/v1/videos/{id}/comments")
    void list(@PathVariable UUID id,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor,
            Optional<Viewer> viewer,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        int size = Paging.limit(limit);
        PageCursor.Time after = (PageCursor.Time) Paging.cursor(cursor, PageCursor.Keyset.TIME);
        if (viewer.isPresent()) {
            byte[] page = load(id, viewer.get().id(), size, after)
                    .orElseThrow(() -> ApiException.notFound("video_not_found", "no video " + id));
            CachedResponses.sendJsonVaryingByViewer(CachedBody.decode(page), CachedResponses.PRIVATE_REVALIDATE,
                    request, response);
            return;
        }
        byte[] page = caches.browse()
                .find(scope(id), size + "|" + (after == null ? "" : after.encode()), key -> load(id, null, size, after))
                .orElseThrow(() -> ApiException.notFound("video_not_found", "no video " + id));
        CachedResponses.sendJsonVaryingByViewer(CachedBody.decode(page), ANONYMOUS_CACHE_CONTROL, request, response);
    }

    @PostMapping("/v1/videos/{id}/comments")
    ResponseEntity<Comment> add(@PathVariable UUID id,
            @RequestBody NewComment body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            Viewer viewer) {
        String text = text(body);
        UUID commentId = commentId(viewer, idempotencyKey);
        limiter.acquire(RateLimiter.Action.COMMENT, viewer.id());
        Comment comment = comments.add(commentId, viewer.id(), id, text)
                .orElseThrow(() -> ApiException.notFound("video_not_found", "no video " + id));
        if (!comment.videoId().equals(id) || !comment.text().equals(text)) {
            throw ApiException.conflict("idempotency_key_reused", "Idempotency-Key "
                    + ApiException.quote(idempotencyKey) + " was already used for another comment");
        }
        caches.browse().invalidateScope(scope(id));
        caches.viewerChanged(viewer.id());
        return ResponseEntity.status(HttpStatus.CREATED).body(comment);
    }

    private Optional<byte[]> load(UUID video, String viewer, int limit, PageCursor.Time after) {
        return comments.list(video, viewer, limit + 1, after).map(rows -> {
            boolean more = rows.size() > limit;
            List<Comments.Listed> page = more ? rows.subList(0, limit) : rows;
            String next = more ? PageCursor.fromSql(page.getLast().cursor(), PageCursor.Keyset.TIME).encode() : null;
            return CachedBody.of(json.writeValueAsBytes(
                    new CommentPage(page.stream().map(Comments.Listed::comment).toList(), next))).encode();
        });
    }

    /** The cache scope of one video's anonymous comment pages: all dropped at once when a comment is added. */
    private static String scope(UUID video) {
        return "comments-" + video;
    }

    private static String text(NewComment body) {
        String text = body == null || body.text() == null ? "" : body.text().strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest("invalid_text", "text must not be empty");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_TEXT) {
            throw ApiException.badRequest("invalid_text",
                    "text must be at most " + MAX_TEXT + " characters, got " + length);
        }
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw ApiException.badRequest("invalid_text", "text must not contain control characters other than"
                    + " line breaks");
        }
        return text;
    }

    /** A fresh id, or one derived from the viewer and their key, so a retry finds the first attempt's comment. */
    private static UUID commentId(Viewer viewer, String idempotencyKey) {
        if (idempotencyKey == null) {
            return UUID.randomUUID();
        }
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ApiException.badRequest("invalid_idempotency_key", "Idempotency-Key "
                    + ApiException.quote(idempotencyKey) + " must be 1-64 of [A-Za-z0-9_-]");
        }
        return UUID.nameUUIDFromBytes(("comment:" + viewer.id() + ":" + idempotencyKey)
                .getBytes(StandardCharsets.UTF_8));
    }
}
