package io.reelpipe.upload.web;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * A request the API refuses, with the status, a reason the client can act on, and any headers the refusal needs
 * (such as {@code Retry-After} on a 429).
 */
public final class ApiException extends RuntimeException {

    private final HttpStatusCode status;
    private final String error;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, String error, String message) {
        this(status, error, message, Map.of());
    }

    public ApiException(HttpStatusCode status, String error, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public HttpStatusCode status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** Headers sent with the refusal. */
    public Map<String, String> headers() {
        return headers;
    }
}
