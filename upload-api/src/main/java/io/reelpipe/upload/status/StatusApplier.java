package io.reelpipe.upload.status;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.Placeholder;
import io.reelpipe.core.contract.Rendition;
import io.reelpipe.core.contract.Storyboard;
import io.reelpipe.core.contract.Thumbnail;
import io.reelpipe.upload.events.VideoEvents;
import java.sql.Types;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies workers' events to the catalog, each exactly once (its id is recorded in the same transaction) and in any
 * order: the video row is locked first, the first complete result of a job wins (a redelivered job's second result is
 * ignored), terminal states never move back, and the video becomes READY when every job is DONE or FAILED with the
 * first failure's reason.
 */
@Component
class StatusApplier {

    private static final Logger log = LoggerFactory.getLogger(StatusApplier.class);

    private final JdbcClient jdbc;
    private final VideoEvents events;

    StatusApplier(JdbcClient jdbc, VideoEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** @return whether the event changed anything (false for a duplicate or an event about an unknown video) */
    @Transactional
    boolean apply(JobEvent event) {
        int fresh = jdbc.sql("INSERT INTO processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(event.eventId())
                .update();
        if (fresh == 0) {
            return false;
        }
        boolean exists = jdbc.sql("SELECT 1 FROM videos WHERE id = ? FOR UPDATE")
                .param(event.videoId())
                .query(Integer.class)
                .optional()
                .isPresent();
        if (!exists) {
            log.warn("ignoring {} for unknown video {}", event.getClass().getSimpleName(), event.videoId());
            return false;
        }
        switch (event) {
            case JobEvent.Started started -> started(started);
            case JobEvent.Progress progress -> progress(progress);
            case JobEvent.Playable playable -> playable(playable);
            case JobEvent.LadderReady ladder -> ladderReady(ladder);
            case JobEvent.ThumbnailsReady thumbnails -> thumbnailsReady(thumbnails);
            case JobEvent.Failed failed -> failed(failed);
        }
        // Live status streams of every instance re-read the video once this commits.
        events.changed(event.videoId());
        return true;
    }

    private void started(JobEvent.Started event) {
        jdbc.sql("""
                UPDATE jobs SET status = 'RUNNING', attempts = greatest(attempts, ?), updated_at = now()
                 WHERE id = ? AND status IN ('QUEUED', 'RUNNING')
                """).param(event.attempt()).param(event.jobId()).update();
        jdbc.sql("UPDATE videos SET status = 'PROCESSING', updated_at = now() WHERE id = ? AND status = 'UPLOADED'")
                .param(event.videoId())
                .update();
    }

    /** Merges per-rung percentages while the job runs; late progress of a finished job is dropped. */
    private void progress(JobEvent.Progress event) {
        jdbc.sql("""
                UPDATE videos v SET progress = v.progress || ?::jsonb, updated_at = now()
                 WHERE v.id = ? AND v.status IN ('UPLOADED', 'PROCESSING', 'PLAYABLE')
                   AND EXISTS (SELECT 1 FROM jobs j WHERE j.id = ? AND j.status IN ('QUEUED', 'RUNNING'))
                """)
                .param(json(event.percent())).param(event.videoId()).param(event.jobId())
                .update();
    }

    /** The lowest rung plays: point the video at the live master until the final one replaces it. */
    private void playable(JobEvent.Playable event) {
        jdbc.sql("""
                UPDATE videos v SET status = 'PLAYABLE', hls_master_key = ?, playable_at = coalesce(playable_at, now()),
                                    updated_at = now()
                 WHERE v.id = ? AND v.status IN ('UPLOADED', 'PROCESSING', 'PLAYABLE')
                   AND EXISTS (SELECT 1 FROM jobs j WHERE j.id = ? AND j.status IN ('QUEUED', 'RUNNING'))
                """)
                .param(event.liveMasterKey()).param(event.videoId()).param(event.jobId())
                .update();
    }

    private static String json(java.util.Map<String, Integer> percent) {
        StringBuilder json = new StringBuilder("{");
        percent.forEach((rung, value) -> {
            if (rung.matches("[a-z0-9]{1,16}")) {
                json.append(json.length() > 1 ? "," : "").append('"').append(rung).append("\":").append(
                        Math.clamp(value, 0, 100));
            }
        });
        return json.append('}').toString();
    }

    private void ladderReady(JobEvent.LadderReady event) {
        if (!finishJob(event.jobId())) {
            return;
        }
        for (Rendition r : event.renditions()) {
            int inserted = jdbc.sql("""
                    INSERT INTO renditions (video_id, name, width, height, bandwidth, average_bandwidth, codecs,
                                            playlist_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (video_id, name) DO NOTHING
                    """)
                    .param(event.videoId()).param(r.name()).param(r.width()).param(r.height())
                    .param(r.bandwidth()).param(r.averageBandwidth()).param(r.codecs()).param(r.playlistKey())
                    .update();
            if (inserted == 1) {
                events.renditionReady(event.videoId(), r);
            }
        }
        jdbc.sql("""
                UPDATE videos SET hls_master_key = ?, duration_ms = ?, width = ?, height = ?, updated_at = now(),
                                  progress = (SELECT coalesce(jsonb_object_agg(key, 100), '{}'::jsonb)
                                                FROM jsonb_each(progress))
                 WHERE id = ?
                """)
                .param(event.masterKey()).param((int) Math.min(Integer.MAX_VALUE, event.durationMs()))
                .param(event.width()).param(event.height()).param(event.videoId())
                .update();
        readyIfComplete(event.videoId());
    }

    private void thumbnailsReady(JobEvent.ThumbnailsReady event) {
        if (!finishJob(event.jobId())) {
            return;
        }
        for (Thumbnail t : event.thumbnails()) {
            jdbc.sql("""
                    INSERT INTO thumbnails (video_id, format, width, height, object_key, content_type)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (video_id, format, width) DO NOTHING
                    """)
                    .param(event.videoId()).param(t.format()).param(t.width()).param(t.height()).param(t.key())
                    .param(t.contentType())
                    .update();
        }
        // The rest of the image package; absent parts (an older worker, a preview over its budget) stay NULL.
        Placeholder placeholder = event.placeholder();
        Storyboard storyboard = event.storyboard();
        jdbc.sql("""
                UPDATE videos SET placeholder_blurhash = ?, dominant_color = ?, storyboard_vtt_key = ?,
                                  storyboard_sprite_keys = ?, preview_key = ?, updated_at = now()
                 WHERE id = ?
                """)
                .param(placeholder == null ? null : placeholder.blurhash())
                .param(placeholder == null ? null : placeholder.dominantColor())
                .param(storyboard == null ? null : storyboard.vttKey())
                .param(new SqlParameterValue(Types.ARRAY,
                        storyboard == null ? null : storyboard.spriteKeys().toArray(String[]::new)))
                .param(event.previewKey())
                .param(event.videoId())
                .update();
        readyIfComplete(event.videoId());
    }

    private void failed(JobEvent.Failed event) {
        int changed = jdbc.sql("""
                UPDATE jobs SET status = 'FAILED', failure_reason = ?, updated_at = now()
                 WHERE id = ? AND status IN ('QUEUED', 'RUNNING')
                """).param(event.reason()).param(event.jobId()).update();
        if (changed == 0) {
            return;
        }
        int failed = jdbc.sql("""
                UPDATE videos SET status = 'FAILED', failure_reason = ?, updated_at = now()
                 WHERE id = ? AND status NOT IN ('READY', 'FAILED')
                """).param(event.reason()).param(event.videoId()).update();
        if (failed == 1) {
            events.failed(event.videoId());
        }
    }

    /** Marks a job DONE; false when it already finished (a duplicate result of a redelivered job). */
    private boolean finishJob(UUID jobId) {
        return jdbc.sql("""
                UPDATE jobs SET status = 'DONE', updated_at = now()
                 WHERE id = ? AND status IN ('QUEUED', 'RUNNING')
                """).param(jobId).update() == 1;
    }

    private void readyIfComplete(UUID videoId) {
        int ready = jdbc.sql("""
                UPDATE videos SET status = 'READY', ready_at = now(), updated_at = now()
                 WHERE id = ? AND status IN ('UPLOADED', 'PROCESSING', 'PLAYABLE')
                   AND NOT EXISTS (SELECT 1 FROM jobs WHERE video_id = ? AND status <> 'DONE')
                """).param(videoId).param(videoId).update();
        if (ready == 1) {
            events.ready(videoId);
        }
    }
}
