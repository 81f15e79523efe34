package io.reelpipe.feed.social;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Likes, bookmarks, follows and blocks, each one idempotent SQL statement: adding what exists or removing what does
 * not changes nothing. Counters and notifications follow through V5's triggers in the same transaction. Adding also
 * creates the viewer's profile on first use, and checks in the same statement that the target is there for the viewer:
 * a video they may see (READY, public or unlisted or their own, no block between them and its creator), or a user
 * with no block between them.
 */
@Component
final class Interactions {

    /** A video the viewer may see and act on, as {@code v}; the viewer is {@code :viewer}. */
    static final String VISIBLE_VIDEO = """
            v.status = 'READY' AND (v.visibility IN ('PUBLIC', 'UNLISTED') OR v.owner_id = :viewer)
            AND NOT EXISTS (SELECT 1 FROM blocks b
                             WHERE (b.blocker_id = v.owner_id AND b.blocked_id = :viewer)
                                OR (b.blocker_id = :viewer AND b.blocked_id = v.owner_id))
            """;
    /** Creates the viewer's profile when they act for the first time (a CTE of the statement that acts). */
    static final String ENSURE_VIEWER = "me AS (INSERT INTO profiles (id) VALUES (:viewer) ON CONFLICT DO NOTHING)";

    /** The tables a viewer adds videos to. */
    enum VideoList {
        LIKES("likes"), BOOKMARKS("bookmarks");

        private final String table;

        VideoList(String table) {
            this.table = table;
        }
    }

    /** The tables of relations between users. */
    enum UserRelation {
        FOLLOWS("follows", "follower_id", "following_id"), BLOCKS("blocks", "blocker_id", "blocked_id");

        private final String table;
        private final String from;
        private final String to;

        UserRelation(String table, String from, String to) {
            this.table = table;
            this.from = from;
            this.to = to;
        }
    }

    private final JdbcClient jdbc;

    Interactions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the video to the viewer's list; {@code false} when there is no such video for the viewer. */
    boolean add(VideoList list, String viewer, UUID video) {
        return jdbc.sql("""
                WITH %s,
                target AS (SELECT v.id FROM videos v WHERE v.id = :video AND %s),
                added AS (INSERT INTO %s (user_id, video_id) SELECT :viewer, id FROM target ON CONFLICT DO NOTHING)
                SELECT count(*) FROM target
                """.formatted(ENSURE_VIEWER, VISIBLE_VIDEO, list.table))
                .param("viewer", viewer)
                .param("video", video)
                .query(Long.class)
                .single() > 0;
    }

    void remove(VideoList list, String viewer, UUID video) {
        jdbc.sql("DELETE FROM %s WHERE user_id = :viewer AND video_id = :video".formatted(list.table))
                .param("viewer", viewer)
                .param("video", video)
                .update();
    }

    /**
     * Relates the viewer to {@code user}; {@code false} when there is no such user, or (for a follow) a block between
     * them. A block needs only the user to exist: blocking is always allowed.
     */
    boolean add(UserRelation relation, String viewer, String user) {
        String notBlocked = relation == UserRelation.FOLLOWS ? """
                AND NOT EXISTS (SELECT 1 FROM blocks b
                                 WHERE (b.blocker_id = p.id AND b.blocked_id = :viewer)
                                    OR (b.blocker_id = :viewer AND b.blocked_id = p.id))
                """ : "";
        return jdbc.sql("""
                WITH %s,
                target AS (SELECT p.id FROM profiles p WHERE p.id = :user %s),
                added AS (INSERT INTO %s (%s, %s) SELECT :viewer, id FROM target ON CONFLICT DO NOTHING)
                SELECT count(*) FROM target
                """.formatted(ENSURE_VIEWER, notBlocked, relation.table, relation.from, relation.to))
                .param("viewer", viewer)
                .param("user", user)
                .query(Long.class)
                .single() > 0;
    }

    void remove(UserRelation relation, String viewer, String user) {
        jdbc.sql("DELETE FROM %s WHERE %s = :viewer AND %s = :user"
                        .formatted(relation.table, relation.from, relation.to))
                .param("viewer", viewer)
                .param("user", user)
                .update();
    }
}
