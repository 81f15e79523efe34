package io.reelpipe.feed.feeds;

import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.catalog.VideoRepresentation.Placeholder;
import io.reelpipe.core.storage.StorageProperties;
import io.reelpipe.feed.web.PageCursor;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads a feed page with exactly one SQL statement, {@code SELECT * FROM get_feed_videos(...)}: the function does the
 * candidate selection, block and visibility filtering, keyset pagination and every join in the database.
 */
@Component
final class FeedQuery {

    private static final String SQL = "SELECT * FROM get_feed_videos(:viewer, :type, :size, :cursor, :subject)";

    private final JdbcClient jdbc;
    private final StorageProperties storage;
    FeedQuery(JdbcClient jdbc, StorageProperties storage) {
        this.jdbc = jdbc;
        this.storage = storage;
    }

    FeedPage load(FeedRequest request) {
        // One row more than asked tells whether a next page exists, so the last page says so with a null cursor.
        List<Row> rows = jdbc.sql(SQL)
                .param("viewer", request.viewer(), Types.VARCHAR)
                .param("type", request.type().parameter())
                .param("size", request.limit() + 1)
                .param("cursor", request.after() == null ? null : request.after().sql(), Types.VARCHAR)
                .param("subject", request.subject(), Types.VARCHAR)
                .query((rs, n) -> new Row(item(rs, request.viewer() != null), rs.getString("next_cursor")))
                .list();
        boolean more = rows.size() > request.limit();
        List<Row> page = more ? rows.subList(0, request.limit()) : rows;
        String next = more
                ? PageCursor.fromSql(page.getLast().cursor(), request.type().keyset()).encode()
                : null;
        return new FeedPage(page.stream().map(Row::item).toList(), next);
    }

    private FeedItem item(ResultSet rs, boolean signedIn) throws SQLException {
        String master = rs.getString("hls_master_key");
        String preview = rs.getString("preview_key");
        String blurhash = rs.getString("placeholder_blurhash");
        String color = rs.getString("dominant_color");
        UUID soundId = rs.getObject("sound_id", UUID.class);
        UUID seriesId = rs.getObject("series_id", UUID.class);
        return new FeedItem(
                rs.getObject("id", UUID.class),
                rs.getString("owner_id"),
                rs.getString("title"),
                rs.getString("description"),
                rs.getString("visibility"),
                rs.getString("status"),
                master == null ? null : storage.publicUrl(master),
                VideoCatalog.thumbnailLinks(rs.getString("thumbnails"), storage),
                blurhash == null || color == null ? null : new Placeholder(blurhash, color),
                preview == null ? null : storage.publicUrl(preview),
                (Integer) rs.getObject("duration_ms"),
                (Integer) rs.getObject("width"),
                (Integer) rs.getObject("height"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("ready_at")),
                new FeedItem.Creator(rs.getString("owner_id"), rs.getString("owner_handle"),
                        rs.getString("owner_display_name"), rs.getString("owner_avatar_url"),
                        rs.getLong("owner_follower_count")),
                soundId == null ? null
                        : new FeedItem.Sound(soundId, rs.getString("sound_title"), rs.getString("sound_artist")),
                seriesId == null ? null
                        : new FeedItem.Series(seriesId, rs.getString("series_title"), rs.getInt("series_order")),
                strings(rs.getArray("hashtags")),
                new FeedItem.Stats(rs.getLong("like_count"), rs.getLong("comment_count"),
                        rs.getLong("bookmark_count"), rs.getLong("share_count"), rs.getLong("view_count")),
                signedIn ? new FeedItem.ViewerState(rs.getBoolean("liked"), rs.getBoolean("bookmarked")) : null);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record Row(FeedItem item, String cursor) {}
}
