package io.reelpipe.feed.videos;

import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.CachedResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/videos/{id}}: one video as viewers see it. Public and unlisted videos are shown once READY (unlisted
 * ones are reachable by link, just not listed in feeds); a private, unfinished or unknown video is the same 404, so
 * the answer does not reveal that a private video exists. Cached, absences included, so a flood of requests for one
 * id (known or not) reaches the database about once a second.
 */
@RestController
final class VideoController {

    /**
     * Short, because a creator may make a video private at any time and that must reach viewers quickly; the media
     * the representation links to is immutable and cached for a year at the edge anyway.
     */
    private static final String CACHE_CONTROL = "public, max-age=10";

    private final VideoCatalog catalog;
    private final FeedCaches caches;
    private final JsonMapper json;

    VideoController(VideoCatalog catalog, FeedCaches caches, JsonMapper json) {
        this.catalog = catalog;
        this.caches = caches;
        this.json = json;
    }

    @GetMapping("/v1/videos/{id}")
    void video(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] video = caches.videos()
                .find(id.toString(), key -> catalog.findForViewer(id)
                        .map(found -> CachedBody.of(json.writeValueAsBytes(found)).encode()))
                .orElseThrow(() -> ApiException.notFound("video_not_found", "no video " + id));
        CachedResponses.sendJson(CachedBody.decode(video), CACHE_CONTROL, request, response);
    }
}
