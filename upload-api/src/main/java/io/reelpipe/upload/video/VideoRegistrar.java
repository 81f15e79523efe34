package io.reelpipe.upload.video;

import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.upload.events.VideoEvents;
import io.reelpipe.upload.outbox.Outbox;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.source.StoredSource;
import io.reelpipe.upload.source.UploadProperties;
import io.reelpipe.upload.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Records a new upload: the video row, one job row per stage and one outbox message per job, in one transaction.
 * Either all of it commits and the jobs are certain to be published, or none of it exists. When the same creator
 * already has a READY video with the same content hash whose outputs are still stored, the new video reuses its
 * renditions and thumbnails (their keys are immutable) and is READY at once, without any job
 * ({@code reelpipe.upload.reuse-identical-content}, on by default).
 */
@Component
public class VideoRegistrar {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final VideoEvents events;
    private final ObjectStore store;
    private final boolean reuse;
    private final Clock clock;

    VideoRegistrar(JdbcClient jdbc, Outbox outbox, VideoEvents events, ObjectStore store, UploadProperties properties) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.events = events;
        this.store = store;
        this.reuse = properties.reuseIdenticalContent();
        this.clock = Clock.systemUTC();
    }

    /**
     * Checks what the metadata refers to, before any byte is stored and again when the video is registered: the
     * sound must exist ({@code 400 unknown_sound}), the series must exist ({@code 400 unknown_series}) and belong to
     * the creator ({@code 403 not_your_series}), and its position must be free ({@code 409 series_position_taken}).
     */
    public void checkOwnership(CurrentUser owner, VideoMetadata metadata) {
        if (metadata.soundId() != null && jdbc.sql("SELECT 1 FROM sounds WHERE id = ?").param(metadata.soundId())
                .query(Integer.class).optional().isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "unknown_sound", "there is no sound " + metadata.soundId());
        }
        if (metadata.seriesId() == null) {
            return;
        }
        String seriesOwner = jdbc.sql("SELECT owner_id FROM series WHERE id = ?").param(metadata.seriesId())
                .query(String.class).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "unknown_series",
                        "there is no series " + metadata.seriesId()));
        if (!seriesOwner.equals(owner.id())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "not_your_series",
                    "series " + metadata.seriesId() + " belongs to another creator");
        }
        if (jdbc.sql("SELECT 1 FROM videos WHERE series_id = ? AND series_order = ?").param(metadata.seriesId())
                .param(metadata.seriesPosition()).query(Integer.class).optional().isPresent()) {
            throw positionTaken(metadata);
        }
    }

    private static ApiException positionTaken(VideoMetadata metadata) {
        return new ApiException(HttpStatus.CONFLICT, "series_position_taken",
                "series " + metadata.seriesId() + " already has a video at position " + metadata.seriesPosition());
    }

    /** @return whether the video reused the renditions of an identical earlier upload */
    @Transactional
    public boolean register(CurrentUser owner, UUID videoId, VideoMetadata metadata, StoredSource source) {
        jdbc.sql("INSERT INTO profiles (id) VALUES (?) ON CONFLICT (id) DO NOTHING").param(owner.id()).update();
        checkOwnership(owner, metadata);
        Optional<UUID> twin = reuse ? twin(owner, source) : Optional.empty();
        try {
            jdbc.sql("""
                    INSERT INTO videos (id, owner_id, title, description, visibility, status,
                                        source_key, source_bytes, source_sha256, source_format,
                                        hashtags, sound_id, series_id, series_order)
                    VALUES (?, ?, ?, ?, ?, 'UPLOADED', ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .param(videoId)
                    .param(owner.id())
                    .param(metadata.title())
                    .param(metadata.description())
                    .param(metadata.visibility())
                    .param(source.key())
                    .param(source.bytes())
                    .param(source.sha256())
                    .param(source.format().name())
                    .param(metadata.hashtags().toArray(String[]::new))
                    .param(metadata.soundId())
                    .param(metadata.seriesId())
                    .param(metadata.seriesPosition())
                    .update();
        } catch (DuplicateKeyException e) {
            // Another upload took the series position since the check.
            throw positionTaken(metadata);
        }
        if (twin.isPresent()) {
            reuse(twin.get(), videoId);
            return true;
        }
        Instant now = clock.instant();
        for (JobKind kind : JobKind.values()) {
            UUID jobId = UUID.randomUUID();
            jdbc.sql("INSERT INTO jobs (id, video_id, kind, status) VALUES (?, ?, ?, 'QUEUED')")
                    .param(jobId)
                    .param(videoId)
                    .param(kind.name())
                    .update();
            outbox.add(new MediaJob(jobId, videoId, kind, owner.id(), source.key(), now,
                    kind == JobKind.THUMBNAIL ? metadata.posterAtMs() : null));
        }
        return false;
    }

    /** A READY video of the same creator with the same content whose outputs are still in the bucket. */
    private Optional<UUID> twin(CurrentUser owner, StoredSource source) {
        return jdbc.sql("""
                SELECT id, hls_master_key FROM videos WHERE owner_id = ? AND source_sha256 = ? AND status = 'READY'
                   AND hls_master_key IS NOT NULL
                 ORDER BY ready_at LIMIT 1
                """).param(owner.id()).param(source.sha256())
                .query((rs, n) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("hls_master_key")))
                .optional()
                .filter(t -> stillStored(t.getValue()))
                .map(Map.Entry::getKey);
    }

    private boolean stillStored(String key) {
        try {
            store.head(key);
            return true;
        } catch (S3Exception e) {
            return false;
        }
    }

    /** Points the new video at the finished outputs of its twin and makes it READY, announcing it like any other. */
    private void reuse(UUID twin, UUID videoId) {
        jdbc.sql("""
                UPDATE videos v SET status = 'READY', hls_master_key = t.hls_master_key, duration_ms = t.duration_ms,
                                    width = t.width, height = t.height, progress = t.progress,
                                    placeholder_blurhash = t.placeholder_blurhash, dominant_color = t.dominant_color,
                                    storyboard_vtt_key = t.storyboard_vtt_key,
                                    storyboard_sprite_keys = t.storyboard_sprite_keys, preview_key = t.preview_key,
                                    playable_at = now(), ready_at = now(), updated_at = now()
                  FROM videos t WHERE t.id = ? AND v.id = ?
                """).param(twin).param(videoId).update();
        jdbc.sql("""
                INSERT INTO renditions (video_id, name, width, height, bandwidth, average_bandwidth, codecs, playlist_key)
                SELECT ?, name, width, height, bandwidth, average_bandwidth, codecs, playlist_key
                  FROM renditions WHERE video_id = ?
                """).param(videoId).param(twin).update();
        jdbc.sql("""
                INSERT INTO thumbnails (video_id, format, width, height, object_key, content_type)
                SELECT ?, format, width, height, object_key, content_type FROM thumbnails WHERE video_id = ?
                """).param(videoId).param(twin).update();
        events.ready(videoId);
    }
}
