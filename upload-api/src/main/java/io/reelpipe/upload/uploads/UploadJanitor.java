package io.reelpipe.upload.uploads;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.core.storage.MultipartUploads;
import io.reelpipe.core.storage.ObjectStore;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Cleans up after creators who walked away and after crashes, on every instance (each upload is taken under its lease,
 * so two janitors never handle the same one): abandoned uploads past their expiry become EXPIRED and their S3
 * multipart uploads and tail objects are discarded; tus uploads whose bytes are all committed but whose completion
 * was interrupted are completed; rows of finished uploads are purged after a while.
 */
@Component
public class UploadJanitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UploadJanitor.class);

    private final Uploads uploads;
    private final UploadFinisher finisher;
    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final MultipartUploads multipart;
    private final UploadsProperties properties;
    private final Counter expired;
    private final Clock clock = Clock.systemUTC();
    private volatile ScheduledExecutorService executor;

    UploadJanitor(Uploads uploads, UploadFinisher finisher, JdbcClient jdbc, ObjectStore store,
            UploadsProperties properties, MeterRegistry meters) {
        this.uploads = uploads;
        this.finisher = finisher;
        this.jdbc = jdbc;
        this.store = store;
        this.multipart = store.multipart();
        this.properties = properties;
        this.expired = Counter.builder("reelpipe.uploads.expired").register(meters);
    }

    /** One pass; returns the uploads expired. */
    public int sweep() {
        int count = 0;
        for (Upload upload : uploads.expired(clock.instant(), 100)) {
            String token = "janitor-" + UUID.randomUUID();
            if (!uploads.tryLock(upload.id(), token, properties.lockLease())) {
                continue;
            }
            try {
                Upload current = uploads.find(upload.id()).orElseThrow();
                if (current.isExpired(clock.instant()) && uploads.finish(current.id(), Upload.State.EXPIRED,
                        "expired after " + properties.expiry() + " without progress")) {
                    discard(current);
                    expired.increment();
                    count++;
                }
            } finally {
                uploads.unlock(upload.id(), token);
            }
        }
        completeStalled();
        uploads.purge(clock.instant().minus(properties.purgeAfter()));
        return count;
    }

    private void completeStalled() {
        List<UUID> stalled = jdbc.sql("""
                SELECT id FROM uploads WHERE state = 'ACTIVE' AND kind = 'TUS' AND upload_offset = upload_length
                   AND (lock_owner IS NULL OR lock_until < now()) AND updated_at < now() - interval '1 minute'
                 LIMIT 100
                """).query(UUID.class).list();
        for (UUID id : stalled) {
            String token = "janitor-" + UUID.randomUUID();
            if (uploads.tryLock(id, token, properties.lockLease())) {
                try {
                    uploads.find(id).filter(u -> u.state() == Upload.State.ACTIVE).ifPresent(finisher::finish);
                } catch (RuntimeException e) {
                    log.warn("could not complete upload {}: {}", id, e.getMessage());
                } finally {
                    uploads.unlock(id, token);
                }
            }
        }
    }

    /** Discards what an unfinished upload holds in storage: its S3 multipart upload and its tail object. */
    public void discard(Upload upload) {
        try {
            if (upload.s3UploadId() != null) {
                multipart.abort(upload.objectKey(), upload.s3UploadId());
            }
            if (upload.tailKey() != null) {
                store.delete(upload.tailKey());
            }
        } catch (RuntimeException e) {
            log.warn("could not discard the storage of upload {} (a bucket lifecycle rule for incomplete multipart "
                    + "uploads is the backstop): {}", upload.id(), e.getMessage());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("upload-janitor").daemon(true).factory());
        long every = properties.janitorInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("upload janitor pass failed: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
