package io.reelpipe.upload.video;

import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.upload.outbox.Outbox;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.source.StoredSource;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a new upload: the video row, one job row per stage and one outbox message per job, in one transaction.
 * Either all of it commits and the jobs are certain to be published, or none of it exists.
 */
@Component
public class VideoRegistrar {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    VideoRegistrar(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public void register(CurrentUser owner, UUID videoId, VideoMetadata metadata, StoredSource source) {
        jdbc.sql("INSERT INTO profiles (id) VALUES (?) ON CONFLICT (id) DO NOTHING").param(owner.id()).update();
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
    }
}
