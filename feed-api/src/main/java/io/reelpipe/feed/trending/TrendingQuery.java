package io.reelpipe.feed.trending;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The trending hashtags, creators and sounds as the last trending run ranked them, joined with what the API shows of
 * each: one statement per page, keyset on the rank.
 */
@Component
final class TrendingQuery {

    private final JdbcClient jdbc;

    TrendingQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param rank       1 for the top
     * @param tag        the hashtag, without '#'
     * @param videoCount listed videos with it
     * @param score      its trending score
     */
    record Hashtag(int rank, String tag, long videoCount, double score) {}

    /**
     * @param rank          1 for the top
     * @param id            profile id
     * @param handle        handle, when set
     * @param displayName   display name, when set
     * @param avatarUrl     avatar, when set
     * @param followerCount followers
     * @param score         their trending score
     */
    record Creator(int rank, String id, String handle, String displayName, String avatarUrl, long followerCount,
            double score) {}

    /**
     * @param rank       1 for the top
     * @param id         sound id
     * @param title      title
     * @param artist     artist, possibly empty
     * @param videoCount listed videos using it
     * @param score      its trending score
     */
    record Sound(int rank, UUID id, String title, String artist, long videoCount, double score) {}

    List<Hashtag> hashtags(int after, int limit) {
        return jdbc.sql("""
                SELECT t.rank, h.tag, h.video_count, t.score
                  FROM trending_cache t JOIN hashtags h ON h.tag = t.item_id
                 WHERE t.kind = 'HASHTAG' AND t.rank > ?
                 ORDER BY t.rank LIMIT ?
                """).param(after).param(limit)
                .query((rs, n) -> new Hashtag(rs.getInt("rank"), rs.getString("tag"), rs.getLong("video_count"),
                        rs.getDouble("score")))
                .list();
    }

    List<Creator> creators(int after, int limit) {
        return jdbc.sql("""
                SELECT t.rank, p.id, p.handle, p.display_name, p.avatar_url, p.follower_count, t.score
                  FROM trending_cache t JOIN profiles p ON p.id = t.item_id
                 WHERE t.kind = 'CREATOR' AND t.rank > ?
                 ORDER BY t.rank LIMIT ?
                """).param(after).param(limit)
                .query((rs, n) -> new Creator(rs.getInt("rank"), rs.getString("id"), rs.getString("handle"),
                        rs.getString("display_name"), rs.getString("avatar_url"), rs.getLong("follower_count"),
                        rs.getDouble("score")))
                .list();
    }

    List<Sound> sounds(int after, int limit) {
        return jdbc.sql("""
                SELECT t.rank, s.id, s.title, s.artist, s.video_count, t.score
                  FROM trending_cache t JOIN sounds s ON s.id = t.item_id::uuid
                 WHERE t.kind = 'SOUND' AND t.rank > ?
                 ORDER BY t.rank LIMIT ?
                """).param(after).param(limit)
                .query((rs, n) -> new Sound(rs.getInt("rank"), rs.getObject("id", UUID.class), rs.getString("title"),
                        rs.getString("artist"), rs.getLong("video_count"), rs.getDouble("score")))
                .list();
    }
}
