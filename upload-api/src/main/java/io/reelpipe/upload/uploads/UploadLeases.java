package io.reelpipe.upload.uploads;

import io.reelpipe.upload.web.ApiException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Per-upload leases in PostgreSQL, held by the request writing an upload and renewed in the background while it
 * runs, so any number of instances serialize their writers on one upload; the lease of a crashed instance simply runs
 * out. Commits are fenced on top (they name the version and the lease they build on).
 */
@Component
public class UploadLeases implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UploadLeases.class);

    private final Uploads uploads;
    private final UploadsProperties properties;
    private final Map<String, UUID> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("upload-lease-renewer").daemon(true).factory());

    UploadLeases(Uploads uploads, UploadsProperties properties) {
        this.uploads = uploads;
        this.properties = properties;
        long every = properties.lockLease().toMillis() / 3;
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** A held lease; closing releases it. */
    public final class Lease implements AutoCloseable {
        private final UUID upload;
        private final String token;

        private Lease(UUID upload, String token) {
            this.upload = upload;
            this.token = token;
        }

        public String token() {
            return token;
        }

        @Override
        public void close() {
            held.remove(token);
            uploads.unlock(upload, token);
        }
    }

    /**
     * Takes the upload's lease, waiting up to the configured time for another request to finish.
     *
     * @throws ApiException 423 when another request still holds it
     */
    public Lease acquire(UUID upload) {
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + properties.lockWait().toNanos();
        while (!uploads.tryLock(upload, token, properties.lockLease())) {
            if (System.nanoTime() > deadline) {
                throw new ApiException(HttpStatus.LOCKED, "upload_locked",
                        "another request is writing upload " + upload + "; retry after it finished");
            }
            try {
                Thread.sleep(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "the server is shutting down");
            }
        }
        held.put(token, upload);
        return new Lease(upload, token);
    }

    private void renew() {
        try {
            uploads.renew(held.keySet(), properties.lockLease());
        } catch (RuntimeException e) {
            log.warn("could not renew {} upload leases: {}", held.size(), e.getMessage());
        }
    }

    @Override
    public void destroy() {
        renewer.shutdownNow();
    }
}
