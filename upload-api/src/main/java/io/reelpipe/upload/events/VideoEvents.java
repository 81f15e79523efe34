package io.reelpipe.upload.events;

import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.contract.Rendition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces status changes of a video from inside the transaction that made them: a PostgreSQL notification that
 * every instance's event streams hear once the transaction commits (and never if it rolls back), and webhook
 * deliveries for the owner's subscriptions, written to the delivery outbox in the same transaction.
 */
@Component
public class VideoEvents {

    /** The notification channel; the payload is the video id. */
    public static final String CHANNEL = "reelpipe_video_status";

    public static final String READY = "video.ready";
    public static final String FAILED = "video.failed";
    public static final String RENDITION_READY = "video.rendition.ready";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final VideoCatalog catalog;

    VideoEvents(JdbcClient jdbc, VideoCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** The video's status changed: live streams re-read it after the commit. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changed(UUID videoId) {
        jdbc.sql("SELECT pg_notify(?, ?)").param(CHANNEL).param(videoId.toString()).query((rs, n) -> 1).list();
    }

    /** The video became READY. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void ready(UUID videoId) {
        enqueue(READY, videoId, null);
        changed(videoId);
    }

    /** The video FAILED. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void failed(UUID videoId) {
        enqueue(FAILED, videoId, null);
        changed(videoId);
    }

    /** One rendition of the video is complete. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void renditionReady(UUID videoId, Rendition rendition) {
        enqueue(RENDITION_READY, videoId, rendition);
    }

    private void enqueue(String type, UUID videoId, Rendition rendition) {
        boolean subscribed = jdbc.sql("""
                SELECT 1 FROM webhook_subscriptions s JOIN videos v ON v.owner_id = s.owner_id
                 WHERE v.id = ? AND ? = ANY (s.events) LIMIT 1
                """).param(videoId).param(type).query(Integer.class).optional().isPresent();
        if (!subscribed) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", UUID.randomUUID());
        payload.put("type", type);
        payload.put("createdAt", Instant.now().toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("video", catalog.find(videoId).orElseThrow());
        if (rendition != null) {
            data.put("rendition", rendition);
        }
        payload.put("data", data);
        jdbc.sql("""
                INSERT INTO webhook_deliveries (id, subscription_id, event_type, payload)
                SELECT gen_random_uuid(), s.id, ?, ?
                  FROM webhook_subscriptions s JOIN videos v ON v.owner_id = s.owner_id
                 WHERE v.id = ? AND ? = ANY (s.events)
                """).param(type).param(JSON.writeValueAsString(payload)).param(videoId).param(type).update();
    }
}
