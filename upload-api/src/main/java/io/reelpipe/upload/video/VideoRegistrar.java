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
     * Refuses metadata naming a series another creator uses (403). Until the social schema owns series, a series
     * belongs to the first creator who put a video in it.
     */
    public void checkOwnership(CurrentUser owner, VideoMetadata metadata) {
        if (metadata.seriesId() == null) {
            return;
        }
        boolean foreign = jdbc.sql("""
                SELECT 1 FROM video_upload_metadata m JOIN videos v ON v.id = m.video_id
                 WHERE m.series_id = ? AND v.owner_id <> ? LIMIT 1
                """).param(metadata.seriesId()).param(owner.id()).query(Integer.class).optional().isPresent();
        if (foreign) {
            throw new ApiException(HttpStatus.FORBIDDEN, "not_your_series",
                    "series " + metadata.seriesId() + " belongs to another creator");
        }
    }

    /** @return whether the video reused the renditions of an identical earlier upload */
    @Transactional
    public boolean register(CurrentUser owner, UUID videoId, VideoMetadata metadata, StoredSource source) {
        jdbc.sql("INSERT INTO profiles (id) VALUES (?) ON CONFLICT (id) DO NOTHING").param(owner.id()).update();
        checkOwnership(owner, metadata);
        Optional<UUID> twin = reuse ? twin(owner, source) : Optional.empty();
        jdbc.sql("""
                INSERT INTO videos (id, owner_id, title, description, visibility, status,
                                    source_key, source_bytes, source_sha256, source_format)
                VALUES (?, ?, ?, ?, ?, 'UPLOADED', ?, ?, ?, ?)
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
                .update();
        if (!metadata.hashtags().isEmpty() || metadata.soundId() != null || metadata.seriesId() != null) {
            jdbc.sql("""
                    INSERT INTO video_upload_metadata (video_id, hashtags, sound_id, series_id, series_position)
                    VALUES (?, ?, ?, ?, ?)
                    """)
                    .param(videoId).param(metadata.hashtags().toArray(String[]::new)).param(metadata.soundId())
                    .param(metadata.seriesId()).param(metadata.seriesPosition())
                    .update();
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
            outbox.add(new MediaJob(jobId, videoId, kind, owner.id(), source.key(), now));
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
