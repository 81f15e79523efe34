package io.reelpipe.feed.support;

import io.reelpipe.testkit.LocalServices;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows of one test run in the shared test database: users, sounds, series and videos under ids that start with a
 * prefix of the run's own, and {@link #close()} removes them all again. Other runs' rows stay invisible to the
 * assertions as long as those assert only about this run's ids.
 */
public final class FeedFixture implements AutoCloseable {

    private final JdbcClient db = FeedTestApp.database();
    private final String prefix = LocalServices.uniqueName("fx").replace('-', '_');

    /** The run's prefix: lower-case letters, digits and underscores (a valid hashtag, too). */
    public String prefix() {
        return prefix;
    }

    /** A user id of this run. */
    public String user(String name) {
        String id = prefix + "-" + name;
        db.sql("INSERT INTO profiles (id, handle, display_name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .param(id).param(prefix + "_" + name).param(name + " " + prefix).update();
        return id;
    }

    public UUID sound(String title) {
        UUID id = UUID.randomUUID();
        db.sql("INSERT INTO sounds (id, title, artist) VALUES (?, ?, 'Fixture Band')").param(id).param(title).update();
        return id;
    }

    public UUID series(String owner, String title) {
        UUID id = UUID.randomUUID();
        db.sql("INSERT INTO series (id, owner_id, title) VALUES (?, ?, ?)").param(id).param(owner).param(title)
                .update();
        return id;
    }

    /** A video and its poster. {@code series} and {@code order} go together; both may be {@code null}. */
    public UUID video(String owner, String title, String visibility, String status, Instant createdAt,
            List<String> hashtags, UUID sound, UUID series, Integer order) {
        UUID id = UUID.randomUUID();
        OffsetDateTime created = createdAt.atOffset(ZoneOffset.UTC);
        db.sql("""
                INSERT INTO videos (id, owner_id, title, visibility, status, source_key, source_bytes, source_sha256,
                                    source_format, hls_master_key, duration_ms, width, height, created_at, ready_at,
                                    hashtags, sound_id, series_id, series_order)
                VALUES (:id, :owner, :title, :visibility, :status, 'src/x', 1000, 'x', 'mp4', :master, 4000, 1080,
                        1920, :created, :created, :hashtags::text[], :sound, :series, :order)
                """)
                .param("id", id).param("owner", owner).param("title", title).param("visibility", visibility)
                .param("status", status).param("master", "hls/" + id + "/a/master.m3u8").param("created", created)
                .param("hashtags", hashtags.toArray(String[]::new)).param("sound", sound, java.sql.Types.OTHER)
                .param("series", series, java.sql.Types.OTHER).param("order", order, java.sql.Types.INTEGER)
                .update();
        db.sql("INSERT INTO thumbnails (video_id, format, width, height, object_key, content_type)"
                        + " VALUES (?, 'webp', 320, 569, ?, 'image/webp')")
                .param(id).param("img/" + id + "/a/poster-320.webp").update();
        return id;
    }

    public void follow(String follower, String creator) {
        db.sql("INSERT INTO follows (follower_id, following_id) VALUES (?, ?)").param(follower).param(creator)
                .update();
    }

    public void like(String user, UUID video) {
        db.sql("INSERT INTO likes (user_id, video_id) VALUES (?, ?)").param(user).param(video).update();
    }

    public void bookmark(String user, UUID video) {
        db.sql("INSERT INTO bookmarks (user_id, video_id) VALUES (?, ?)").param(user).param(video).update();
    }

    public void block(String blocker, String blocked) {
        db.sql("INSERT INTO blocks (blocker_id, blocked_id) VALUES (?, ?)").param(blocker).param(blocked).update();
    }

    /** Today's views of a video, as the view pipeline's daily rollup records them. */
    public void views(UUID video, long views) {
        db.sql("INSERT INTO video_view_daily (day, video_id, views) VALUES (current_date, ?, ?)")
                .param(video).param(views).update();
    }

    public JdbcClient db() {
        return db;
    }

    /** Removes every row of this run (and what hangs off them). */
    @Override
    public void close() {
        String users = prefix + "-";
        db.sql("DELETE FROM video_view_daily d USING videos v WHERE d.video_id = v.id AND starts_with(v.owner_id, ?)")
                .param(users).update();
        db.sql("DELETE FROM videos WHERE starts_with(owner_id, ?)").param(users).update();
        db.sql("DELETE FROM series WHERE starts_with(owner_id, ?)").param(users).update();
        db.sql("DELETE FROM sounds WHERE starts_with(title, ?)").param(prefix).update();
        db.sql("DELETE FROM profiles WHERE starts_with(id, ?)").param(users).update();
        db.sql("DELETE FROM hashtags WHERE starts_with(tag, ?) AND video_count = 0").param(prefix).update();
    }
}
