package io.reelpipe.feed.views;

import java.util.List;
import java.util.UUID;

/**
 * One {@code POST /v1/views} body, parsed and checked: the client's session and its view events in the order sent.
 *
 * @param sessionId the client's session id (16-64 of {@code [A-Za-z0-9_-]}), or {@code null} when none was sent
 * @param events    one or more events
 */
record ViewBatch(String sessionId, List<Event> events) {

    /**
     * One view event: how long the viewer watched a video.
     *
     * @param videoId the video
     * @param watchMs milliseconds watched, 0 up to {@link ViewsProperties#maxWatch()}
     */
    record Event(UUID videoId, int watchMs) {}
}
