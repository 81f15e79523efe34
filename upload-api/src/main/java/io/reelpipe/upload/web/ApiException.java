package io.reelpipe.upload.web;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with the status and a reason the client can act on.
 */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    public ApiException(HttpStatus status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
