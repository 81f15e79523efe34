package io.reelpipe.feed.search;

import java.sql.Types;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ranked full-text search over profiles and sounds, on their GIN-indexed {@code search_vector}s: one statement each,
 * the best {@code limit} matches (search results are a top list, not a feed to page through). Users on either side of
 * a block with the viewer are left out.
 */
@Component
final class SearchQuery {

    private final JdbcClient jdbc;

    SearchQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A user in search results.
     *
     * @param id            profile id
     * @param handle        handle, when set
     * @param displayName   display name, when set
     * @param avatarUrl     avatar, when set
     * @param followerCount followers
     * @param videoCount    listed videos
     */
    record User(String id, String handle, String displayName, String avatarUrl, long followerCount,
            long videoCount) {}

    /**
     * A sound in search results.
     *
     * @param id         sound id
     * @param title      title
     * @param artist     artist, possibly empty
     * @param videoCount listed videos using it
     */
    record Sound(UUID id, String title, String artist, long videoCount) {}

    List<User> users(String tsquery, String viewer, int limit) {
        return jdbc.sql("""
                SELECT p.id, p.handle, p.display_name, p.avatar_url, p.follower_count, p.video_count
                  FROM profiles p, to_tsquery('simple', :q) q
                 WHERE p.search_vector @@ q
                   AND NOT EXISTS (SELECT 1 FROM blocks b
                                    WHERE (b.blocker_id = p.id AND b.blocked_id = :viewer)
                                       OR (b.blocker_id = :viewer AND b.blocked_id = p.id))
                 ORDER BY ts_rank_cd(p.search_vector, q) DESC, p.follower_count DESC, p.id
                 LIMIT :limit
                """)
                .param("q", tsquery)
                .param("viewer", viewer, Types.VARCHAR)
                .param("limit", limit)
                .query((rs, n) -> new User(rs.getString("id"), rs.getString("handle"), rs.getString("display_name"),
                        rs.getString("avatar_url"), rs.getLong("follower_count"), rs.getLong("video_count")))
                .list();
    }

    List<Sound> sounds(String tsquery, int limit) {
        return jdbc.sql("""
                SELECT s.id, s.title, s.artist, s.video_count
                  FROM sounds s, to_tsquery('simple', :q) q
                 WHERE s.search_vector @@ q
                 ORDER BY ts_rank_cd(s.search_vector, q) DESC, s.video_count DESC, s.id
                 LIMIT :limit
                """)
                .param("q", tsquery)
                .param("limit", limit)
                .query((rs, n) -> new Sound(rs.getObject("id", UUID.class), rs.getString("title"),
                        rs.getString("artist"), rs.getLong("video_count")))
                .list();
    }
}
