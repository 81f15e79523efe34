package io.reelpipe.core.catalog;

import io.reelpipe.core.storage.StorageProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads videos with their thumbnails in one statement each, for the APIs of upload-api and feed-api.
 */
public final class VideoCatalog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SELECT = """
            SELECT v.id, v.owner_id, v.title, v.description, v.visibility, v.status, v.failure_reason,
                   v.hls_master_key, v.duration_ms, v.width, v.height, v.created_at, v.ready_at,
                   v.progress::text AS progress, v.playable_at,
                   v.placeholder_blurhash, v.dominant_color, v.storyboard_vtt_key, v.preview_key,
                   (SELECT coalesce(json_agg(json_build_object('format', t.format, 'width', t.width,
                                                               'height', t.height, 'key', t.object_key)
                                             ORDER BY t.format, t.width), '[]'::json)
                      FROM thumbnails t WHERE t.video_id = v.id) AS thumbnails
              FROM videos v
            """;

    private final JdbcClient jdbc;
    private final StorageProperties storage;

    public VideoCatalog(JdbcClient jdbc, StorageProperties storage) {
        this.jdbc = jdbc;
        this.storage = storage;
    }

    public Optional<VideoRepresentation> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE v.id = ?").param(id).query(this::map).optional();
    }

    /** A video any viewer may see by its id: READY and public or unlisted (private rows never leave the database). */
    public Optional<VideoRepresentation> findForViewer(UUID id) {
        return jdbc.sql(SELECT + " WHERE v.id = ? AND v.status = 'READY' AND v.visibility IN ('PUBLIC', 'UNLISTED')")
                .param(id)
                .query(this::map)
                .optional();
    }

    /**
     * Public READY videos, newest first, strictly after the keyset position {@code (before, beforeId)} when given.
     */
    public List<VideoRepresentation> latestPublic(int limit, Instant before, UUID beforeId) {
        if (before == null) {
            return jdbc.sql(SELECT + """
                     WHERE v.status = 'READY' AND v.visibility = 'PUBLIC'
                     ORDER BY v.created_at DESC, v.id DESC
                     LIMIT ?
                    """).param(limit).query(this::map).list();
        }
        return jdbc.sql(SELECT + """
                 WHERE v.status = 'READY' AND v.visibility = 'PUBLIC'
                   AND (v.created_at, v.id) < (?, ?)
                 ORDER BY v.created_at DESC, v.id DESC
                 LIMIT ?
                """).param(before.atOffset(ZoneOffset.UTC)).param(beforeId).param(limit).query(this::map).list();
    }

    private VideoRepresentation map(ResultSet rs, int row) throws SQLException {
        String master = rs.getString("hls_master_key");
        String storyboard = rs.getString("storyboard_vtt_key");
        String preview = rs.getString("preview_key");
        List<VideoRepresentation.ThumbnailLink> thumbnails = thumbnailLinks(rs.getString("thumbnails"), storage);
        return new VideoRepresentation(
                rs.getObject("id", UUID.class),
                rs.getString("owner_id"),
                rs.getString("title"),
                rs.getString("description"),
                rs.getString("visibility"),
                rs.getString("status"),
                rs.getString("failure_reason"),
                master == null ? null : storage.publicUrl(master),
                thumbnails,
                (Integer) rs.getObject("duration_ms"),
                (Integer) rs.getObject("width"),
                (Integer) rs.getObject("height"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("ready_at")),
                progress(rs.getString("progress")),
                instant(rs.getTimestamp("playable_at")),
                placeholder(rs.getString("placeholder_blurhash"), rs.getString("dominant_color")),
                storyboard == null ? null : new VideoRepresentation.Storyboard(storage.publicUrl(storyboard)),
                preview == null ? null : storage.publicUrl(preview));
    }

    private static VideoRepresentation.Placeholder placeholder(String blurhash, String dominantColor) {
        return blurhash == null || dominantColor == null
                ? null : new VideoRepresentation.Placeholder(blurhash, dominantColor);
    }

    private static java.util.Map<String, Integer> progress(String json) {
        java.util.Map<String, Integer> progress = new java.util.TreeMap<>();
        if (json != null) {
            JSON.readTree(json).properties().forEach(e -> progress.put(e.getKey(), e.getValue().asInt()));
        }
        return progress;
    }

    /**
     * The thumbnails of a video as its queries aggregate them ({@code [{"format", "width", "height", "key"}...]}, see
     * {@code SELECT} above; feed-api's get_feed_videos returns the same), with their keys turned into CDN URLs.
     */
    public static List<VideoRepresentation.ThumbnailLink> thumbnailLinks(String json, StorageProperties storage) {
        List<VideoRepresentation.ThumbnailLink> thumbnails = new ArrayList<>();
        for (JsonNode t : JSON.readTree(json)) {
            thumbnails.add(new VideoRepresentation.ThumbnailLink(t.path("format").asString(), t.path("width").asInt(),
                    t.path("height").asInt(), storage.publicUrl(t.path("key").asString())));
        }
        return thumbnails;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
