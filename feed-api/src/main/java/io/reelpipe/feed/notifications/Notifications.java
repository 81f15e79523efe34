package io.reelpipe.feed.notifications;

import io.reelpipe.feed.web.PageCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's notifications, newest first, keyset-paginated on {@code (created_at, id)}: one SQL statement per call,
 * each part of it on the index {@code notifications (user_id, is_read, created_at DESC)}.
 */
@Component
final class Notifications {

    private static final String COLUMNS = "n.id, n.user_id, n.kind, n.actor_id, n.video_id, n.comment_id, n.is_read,"
            + " n.created_at";

    private final JdbcClient jdbc;

    Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The newest {@code limit} notifications after the keyset position {@code before} (from the newest when
     * {@code null}).
     *
     * @param unreadOnly only the unread ones
     */
    List<Notification> list(String user, boolean unreadOnly, int limit, PageCursor.Sequence before) {
        // Unread and read are two ranges of the index; each is read in order up to the limit, then merged.
        String part = "(SELECT " + COLUMNS + " FROM notifications n WHERE n.user_id = :user AND n.is_read = %s"
                + " AND (n.created_at, n.id) < (:before_time, :before_id)"
                + " ORDER BY n.created_at DESC, n.id DESC LIMIT :limit)";
        String sql = unreadOnly ? part.formatted("false")
                : part.formatted("false") + " UNION ALL " + part.formatted("true");
        return jdbc.sql("SELECT * FROM (" + sql + ") n ORDER BY n.created_at DESC, n.id DESC LIMIT :limit")
                .param("user", user)
                // From the top: later than any notification (PostgreSQL's infinity) and the greatest id.
                .param("before_time", before == null ? OffsetDateTime.MAX : before.at().atOffset(ZoneOffset.UTC))
                .param("before_id", before == null ? Long.MAX_VALUE : before.id())
                .param("limit", limit)
                .query(Notifications::map)
                .list();
    }

    /** The notifications after {@code afterId}, oldest first: what a reconnecting stream missed (at most 100). */
    List<Notification> since(String user, long afterId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications n WHERE n.user_id = :user AND n.id > :after"
                        + " ORDER BY n.id LIMIT 100")
                .param("user", user)
                .param("after", afterId)
                .query(Notifications::map)
                .list();
    }

    /**
     * Marks notifications read: those of {@code ids}, or all when {@code ids} is {@code null}.
     *
     * @return how many changed
     */
    int markRead(String user, Long[] ids) {
        if (ids == null) {
            return jdbc.sql("UPDATE notifications SET is_read = true WHERE user_id = :user AND NOT is_read")
                    .param("user", user)
                    .update();
        }
        return jdbc.sql("UPDATE notifications SET is_read = true"
                        + " WHERE user_id = :user AND NOT is_read AND id = ANY (:ids::bigint[])")
                .param("user", user)
                .param("ids", ids)
                .update();
    }

    private static Notification map(ResultSet rs, int row) throws SQLException {
        return new Notification(rs.getLong("id"), rs.getString("user_id"), rs.getString("kind"),
                rs.getString("actor_id"), rs.getObject("video_id", UUID.class), rs.getObject("comment_id", UUID.class),
                rs.getBoolean("is_read"), rs.getTimestamp("created_at").toInstant());
    }
}
