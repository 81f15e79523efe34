package io.reelpipe.feed.views;

import io.reelpipe.testkit.LocalServices;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of one test class's own on the local PostgreSQL, migrated by the first feed-api started on it and
 * dropped at {@link #close()}. The view tests move the clock across days and drop partitions, which must not touch
 * the shared test database other classes (and other engineers' runs) use at the same time.
 */
final class ViewsDatabase implements AutoCloseable {

    private static final String ADMIN_URL = LocalServices.JDBC_URL.replaceFirst("/[^/]+$", "/postgres");

    private final String name;
    private final String url;
    private final SingleConnectionDataSource connection;
    private final JdbcClient db;

    private ViewsDatabase(String name) {
        this.name = name;
        this.url = LocalServices.JDBC_URL.replaceFirst("/[^/]+$", "/" + name);
        admin().sql("CREATE DATABASE " + name).update();
        this.connection = new SingleConnectionDataSource(url, "reelpipe", "reelpipe", true);
        this.db = JdbcClient.create(connection);
    }

    static ViewsDatabase create() {
        return new ViewsDatabase(LocalServices.uniqueName("views_it").replace('-', '_'));
    }

    /** Properties that point a feed-api at this database (Flyway migrating it), with a small pool. */
    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put("spring.flyway.enabled", true);
        properties.put("spring.datasource.hikari.maximum-pool-size", 6);
        return properties;
    }

    String url() {
        return url;
    }

    JdbcClient db() {
        return db;
    }

    /** A user (profile) with this id. */
    String user(String id) {
        db.sql("INSERT INTO profiles (id, handle) VALUES (?, ?) ON CONFLICT DO NOTHING").param(id).param(id).update();
        return id;
    }

    /** A video of {@code owner} with this status, visibility and duration. */
    UUID video(String owner, String status, String visibility, Integer durationMs) {
        UUID id = UUID.randomUUID();
        OffsetDateTime created = Instant.now().atOffset(ZoneOffset.UTC);
        db.sql("""
                INSERT INTO videos (id, owner_id, title, visibility, status, source_key, source_bytes, source_sha256,
                                    source_format, duration_ms, created_at)
                VALUES (?, ?, 'a view test video', ?, ?, 'src/x', 1000, 'x', 'mp4', ?, ?)
                """).param(id).param(owner).param(visibility).param(status).param(new SqlParameterValue(Types.INTEGER, durationMs))
                .param(created).update();
        return id;
    }

    /** A READY public video of {@code owner}, 10 s long. */
    UUID video(String owner) {
        return video(owner, "READY", "PUBLIC", 10_000);
    }

    /** Folds the pending view deltas into the counters and rollups (the application does it every second). */
    void fold() {
        db.sql("SELECT views_fold(1000000, true)").query(Integer.class).single();
    }

    /** {@code video}'s view count, once the pending deltas are folded. */
    long viewCount(UUID video) {
        fold();
        return db.sql("SELECT view_count FROM videos WHERE id = ?").param(video).query(Long.class).single();
    }

    /** Raw view rows of {@code video}. */
    long rawViews(UUID video) {
        return db.sql("SELECT count(*) FROM video_views WHERE video_id = ?").param(video).query(Long.class).single();
    }

    /** The sum of {@code video}'s daily rollups, once the pending deltas are folded. */
    long rolledUp(UUID video) {
        fold();
        return db.sql("SELECT coalesce(sum(views), 0) FROM video_view_daily WHERE video_id = ?").param(video)
                .query(Long.class).single();
    }

    @Override
    public void close() {
        connection.destroy();
        admin().sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").update();
    }

    private static JdbcClient admin() {
        return JdbcClient.create(new DriverManagerDataSource(ADMIN_URL, "reelpipe", "reelpipe"));
    }
}
