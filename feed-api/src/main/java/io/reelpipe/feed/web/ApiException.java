package io.reelpipe.feed.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with the status and {@link ApiError} body it answers with; thrown by controllers and
 * turned into the response by the exception handler.
 */
public final class ApiException extends RuntimeException {

    private static final int MAX_ECHO = 80;

    private final HttpStatus status;
    private final String code;
    private final HttpHeaders headers;

    private ApiException(HttpStatus status, String code, String message, HttpHeaders headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    private ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, HttpHeaders.EMPTY);
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(HttpStatus.CONFLICT, code, message);
    }

    /** 401 with the {@code WWW-Authenticate} challenge of RFC 6750, naming the error when a token was sent. */
    public static ApiException unauthorized(String code, String message, boolean tokenSent) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE,
                tokenSent ? "Bearer realm=\"reelpipe\", error=\"invalid_token\"" : "Bearer realm=\"reelpipe\"");
        return new ApiException(HttpStatus.UNAUTHORIZED, code, message, headers);
    }

    /** 429 with {@code Retry-After} in whole seconds. */
    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", message, headers);
    }

    /** 503 with {@code Retry-After} in whole seconds: nothing was done, and the same request may be retried. */
    public static ApiException serviceUnavailable(String message, long retryAfterSeconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", message, headers);
    }

    /**
     * A client-supplied value quoted for an error message, cut short so a huge parameter cannot make a huge response
     * or log line.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "..." : value;
        return "'" + shown + "'";
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
