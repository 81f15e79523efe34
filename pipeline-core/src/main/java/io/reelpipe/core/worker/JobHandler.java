package io.reelpipe.core.worker;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.media.MediaRejectedException;

/**
 * The work of one stage: turns a job into its result event. The {@link JobListener} around it does the messaging
 * (started event, acks, retries, failure events); a handler only does media work in its private directory.
 */
@FunctionalInterface
public interface JobHandler {

    /**
     * Processes one job.
     *
     * @return the success event to publish (its ids come from {@link JobContext#events()})
     * @throws MediaRejectedException when the input can never be processed: reported, not retried
     * @throws Exception              anything else is treated as transient and retried up to the delivery limit
     */
    JobEvent handle(JobContext context) throws Exception;
}
