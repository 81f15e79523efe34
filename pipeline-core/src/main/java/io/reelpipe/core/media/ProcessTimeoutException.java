package io.reelpipe.core.media;

import java.io.IOException;

/** A sandboxed child process ran past its wall-clock limit and was killed with its process group. */
public final class ProcessTimeoutException extends IOException {

    public ProcessTimeoutException(String message) {
        super(message);
    }
}
