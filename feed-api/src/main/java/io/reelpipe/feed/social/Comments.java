package io.reelpipe.feed.social;

import io.reelpipe.feed.web.PageCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Comments, one SQL statement per call. Reading and writing both require the video to be there for the viewer (see
 * {@link Interactions#VISIBLE_VIDEO}); reading leaves out the comments of users on either side of a block with the
 * viewer.
 */
@Component
final class Comments {

    private static final String AUTHOR_COLUMNS = "p.handle, p.display_name, p.avatar_url";

    private final JdbcClient jdbc;

    Comments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a comment with the given id, or finds the one already added with it (a retried request).
     *
     * @return the comment, or empty when there is no such video for the viewer
     */
    Optional<Comment> add(UUID id, String viewer, UUID video, String text) {
        return jdbc.sql("""
                WITH %s,
                target AS (SELECT v.id FROM videos v WHERE v.id = :video AND %s),
                added AS (INSERT INTO comments (id, video_id, user_id, body)
                          SELECT :id, id, :viewer, :text FROM target
                          ON CONFLICT (id) DO NOTHING
                          RETURNING id, video_id, user_id, body, created_at),
                found AS (SELECT * FROM added
                          UNION ALL
                          SELECT c.id, c.video_id, c.user_id, c.body, c.created_at FROM comments c
                           WHERE c.id = :id AND NOT EXISTS (SELECT 1 FROM added))
                SELECT f.id, f.video_id, f.user_id, f.body, f.created_at, %s
                  FROM found f LEFT JOIN profiles p ON p.id = f.user_id
                """.formatted(Interactions.ENSURE_VIEWER, Interactions.VISIBLE_VIDEO, AUTHOR_COLUMNS))
                .param("id", id)
                .param("viewer", viewer)
                .param("video", video)
                .param("text", text)
                .query(Comments::comment)
                .optional();
    }

    /**
     * The comments after {@code after} (from the newest when {@code null}), at most {@code limit}.
     *
     * @param viewer the signed-in viewer, or {@code null}
     * @return the page's comments, each with the cursor after it; empty when there is no such video for the viewer
     */
    Optional<List<Listed>> list(UUID video, String viewer, int limit, PageCursor.Time after) {
        // One row per comment, or one row of NULLs for a visible video without (more) comments; none for no video.
        List<Optional<Listed>> rows = jdbc.sql("""
                SELECT c.id, c.video_id, c.user_id, c.body, c.created_at, c.next, %s
                  FROM videos v
                  LEFT JOIN LATERAL (
                        SELECT c.*, feed_time_cursor(c.created_at, c.id) AS next
                          FROM comments c
                         WHERE c.video_id = v.id
                           AND (c.created_at, c.id) < (:after_time, :after_id)
                           AND NOT EXISTS (SELECT 1 FROM blocks b
                                            WHERE (b.blocker_id = c.user_id AND b.blocked_id = :viewer)
                                               OR (b.blocker_id = :viewer AND b.blocked_id = c.user_id))
                         ORDER BY c.created_at DESC, c.id DESC
                         LIMIT :limit) c ON true
                  LEFT JOIN profiles p ON p.id = c.user_id
                 WHERE v.id = :video AND %s
                 ORDER BY c.created_at DESC, c.id DESC
                """.formatted(AUTHOR_COLUMNS, Interactions.VISIBLE_VIDEO))
                .param("video", video)
                .param("viewer", viewer, Types.VARCHAR)
                .param("limit", limit)
                // From the top: later than any comment (PostgreSQL's infinity) and the greatest id.
                .param("after_time", after == null ? OffsetDateTime.MAX : after.createdAt().atOffset(ZoneOffset.UTC))
                .param("after_id", after == null ? new UUID(-1, -1) : after.id())
                .query((rs, n) -> rs.getObject("id") == null ? Optional.<Listed>empty()
                        : Optional.of(new Listed(comment(rs, n), rs.getString("next"))))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rows.stream().flatMap(Optional::stream).toList());
    }

    private static Comment comment(ResultSet rs, int row) throws SQLException {
        return new Comment(rs.getObject("id", UUID.class), rs.getObject("video_id", UUID.class),
                new Comment.Author(rs.getString("user_id"), rs.getString("handle"), rs.getString("display_name"),
                        rs.getString("avatar_url")),
                rs.getString("body"), rs.getTimestamp("created_at").toInstant());
    }

    /**
     * A listed comment with the keyset cursor after it.
     *
     * @param comment the comment
     * @param cursor  get_feed_videos' time cursor text after it
     */
    record Listed(Comment comment, String cursor) {}
}
