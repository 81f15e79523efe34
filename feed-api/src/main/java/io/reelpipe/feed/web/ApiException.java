package io.reelpipe.feed.web;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with the status and {@link ApiError} body it answers with; thrown by controllers and
 * turned into the response by the exception handler.
 */
public final class ApiException extends RuntimeException {

    private static final int MAX_ECHO = 80;

    private final HttpStatus status;
    private final String code;

    private ApiException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message);
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
}
