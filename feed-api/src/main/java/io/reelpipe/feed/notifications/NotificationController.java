package io.reelpipe.feed.notifications;

import io.reelpipe.feed.auth.Viewer;
import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.PageCursor;
import io.reelpipe.feed.web.Paging;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The signed-in user's notifications: {@code GET /v1/notifications} lists them newest first ({@code unread=true} for
 * unread ones only), {@code POST /v1/notifications/read} marks some or all read, and
 * {@code GET /v1/notifications/stream} delivers new ones live (Server-Sent Events named {@code notification}, with the
 * notification id as event id; a reconnect with {@code Last-Event-ID} first gets what it missed).
 */
@RestController
final class NotificationController {

    private static final int MAX_IDS = 100;

    private final Notifications notifications;
    private final StreamHub hub;

    NotificationController(Notifications notifications, StreamHub hub) {
        this.notifications = notifications;
        this.hub = hub;
    }

    /**
     * A page of notifications.
     *
     * @param items      newest first
     * @param nextCursor where the next page starts, or {@code null} on the last page
     */
    record NotificationPage(List<Notification> items, String nextCursor) {}

    /**
     * The body of {@code POST /v1/notifications/read}: either {@code ids} or {@code all: true}.
     *
     * @param ids which to mark read (at most 100)
     * @param all mark every notification read
     */
    record MarkRead(List<Long> ids, Boolean all) {}

    @GetMapping("/v1/notifications")
    ResponseEntity<NotificationPage> list(Viewer viewer,
            @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String cursor) {
        int size = Paging.limit(limit);
        PageCursor.Sequence before = (PageCursor.Sequence) Paging.cursor(cursor, PageCursor.Keyset.SEQUENCE);
        List<Notification> rows = notifications.list(viewer.id(), unread, size + 1, before);
        boolean more = rows.size() > size;
        List<Notification> page = more ? rows.subList(0, size) : rows;
        String next = more ? new PageCursor.Sequence(page.getLast().createdAt(), page.getLast().id()).encode() : null;
        return ResponseEntity.ok().cacheControl(CacheControl.noStore().cachePrivate())
                .body(new NotificationPage(page, next));
    }

    @PostMapping("/v1/notifications/read")
    Map<String, Integer> markRead(Viewer viewer, @RequestBody MarkRead body) {
        boolean all = body != null && Boolean.TRUE.equals(body.all());
        List<Long> ids = body == null ? null : body.ids();
        if (all == (ids != null)) {
            throw ApiException.badRequest("invalid_body", "send either {\"ids\": [...]} or {\"all\": true}");
        }
        if (ids != null && (ids.isEmpty() || ids.size() > MAX_IDS || ids.contains(null))) {
            throw ApiException.badRequest("invalid_ids",
                    "ids must list 1 to " + MAX_IDS + " notification ids, got " + ids.size());
        }
        return Map.of("updated", notifications.markRead(viewer.id(), all ? null : ids.toArray(Long[]::new)));
    }

    @GetMapping(path = "/v1/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Viewer viewer, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long missedAfter = lastEventId(lastEventId);
        SseEmitter emitter = hub.open(viewer.id());
        if (emitter == null) {
            throw ApiException.tooManyRequests("too many open notification streams for this user; close one", 5);
        }
        // Opening comment: the client sees the stream is live before the first notification.
        StreamHub.send(emitter, SseEmitter.event().comment("connected"));
        if (missedAfter > 0) {
            for (Notification missed : notifications.since(viewer.id(), missedAfter)) {
                StreamHub.send(emitter, SseEmitter.event().id(Long.toString(missed.id())).name("notification")
                        .data(missed, MediaType.APPLICATION_JSON));
            }
        }
        return emitter;
    }

    private static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(header.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_last_event_id",
                    "Last-Event-ID must be a notification id, got " + ApiException.quote(header));
        }
    }
}
