package io.reelpipe.core.contract;

/** A stage of processing a video; each kind has its own queue and worker pool. */
public enum JobKind {
    TRANSCODE,
    THUMBNAIL
}
