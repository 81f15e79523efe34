package io.reelpipe.core.worker;

import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.core.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Fetches a job's source from the media bucket into the job's directory and probes it: the first step of every
 * worker. A missing source or one over the size limit is a permanent failure; S3 being unreachable is transient.
 */
public final class SourceInspector {

    private final ObjectStore store;
    private final MediaProbe probe;
    private final long maxSourceBytes;

    public SourceInspector(ObjectStore store, MediaProbe probe, long maxSourceBytes) {
        this.store = store;
        this.probe = probe;
        this.maxSourceBytes = maxSourceBytes;
    }

    /**
     * A fetched and probed source.
     *
     * @param file   the local copy, inside the job directory
     * @param probed what the probe found
     */
    public record Source(Path file, MediaProbe.ProbedSource probed) {}

    public Source fetch(JobContext context) throws IOException, InterruptedException, MediaRejectedException {
        Path file = context.workDir().resolve("source");
        try {
            store.download(context.job().sourceKey(), file, maxSourceBytes);
        } catch (NoSuchKeyException e) {
            throw new MediaRejectedException("the uploaded source is missing from storage", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("over the limit")) {
                throw new MediaRejectedException("the source is larger than " + maxSourceBytes + " bytes", e);
            }
            throw e;
        }
        return new Source(file, probe.inspect(file, context.workDir()));
    }
}
