package io.reelpipe.core.worker;

import io.reelpipe.core.contract.JobKind;

/**
 * Which queue a worker application consumes.
 *
 * @param kind the job kind
 */
public record WorkerKind(JobKind kind) {}
