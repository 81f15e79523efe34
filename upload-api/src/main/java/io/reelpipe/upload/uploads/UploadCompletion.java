package io.reelpipe.upload.uploads;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.upload.outbox.OutboxRelay;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.source.StoredSource;
import io.reelpipe.upload.video.VideoRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a finished upload into a video: marks the upload COMPLETED and registers the video (with its jobs and outbox
 * rows) in one transaction, so an upload is completed exactly once, on any instance.
 */
@Component
public class UploadCompletion {

    private final Uploads uploads;
    private final VideoRegistrar registrar;
    private final TransactionTemplate transactions;
    private final OutboxRelay relay;
    private final MeterRegistry meters;

    UploadCompletion(Uploads uploads, VideoRegistrar registrar, TransactionTemplate transactions, OutboxRelay relay,
            MeterRegistry meters) {
        this.uploads = uploads;
        this.registrar = registrar;
        this.transactions = transactions;
        this.relay = relay;
        this.meters = meters;
    }

    /** @return false when another request completed (or ended) the upload first */
    public boolean complete(Upload upload, StoredSource source) {
        Boolean done = transactions.execute(status -> {
            if (!uploads.finish(upload.id(), Upload.State.COMPLETED, null)) {
                return false;
            }
            registrar.register(new CurrentUser(upload.ownerId()), upload.id(), upload.metadata(), source);
            return true;
        });
        relay.wake();
        if (Boolean.TRUE.equals(done)) {
            meters.counter("reelpipe.uploads.completed", "kind", upload.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .increment();
            meters.counter("reelpipe.uploads.completed.bytes", "kind",
                    upload.kind().name().toLowerCase(java.util.Locale.ROOT)).increment(source.bytes());
        }
        return Boolean.TRUE.equals(done);
    }
}
