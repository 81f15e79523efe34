package io.reelpipe.core.media;

/**
 * The input cannot be processed and never will be (not a video, undecodable, encrypted, over a limit): a permanent
 * failure that is reported to the creator and not retried. The message is a sentence the creator can read.
 */
public final class MediaRejectedException extends Exception {

    public MediaRejectedException(String reason) {
        super(reason);
    }

    public MediaRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
