package io.reelpipe.feed.web;

import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns every failure into an {@link ApiError} body, so clients parse one error shape whatever went wrong, and no
 * internal detail (SQL, stack traces) reaches them.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> refused(ApiException e) {
        return error(e.status(), e.code(), e.getMessage(), e.headers());
    }

    /** A JSON body that does not parse, or has the wrong shape. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadableBody(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_body",
                "the request body must be a JSON object as documented (see /v1/openapi.yaml)", HttpHeaders.EMPTY);
    }

    /**
     * The database refused an argument (SQLSTATE class 22, such as get_feed_videos' 22023): the request carried a
     * value the API's own checks should have caught, so it is still the client's, with the database's reason.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiError> invalidArgument(DataIntegrityViolationException e) {
        Throwable cause = e.getMostSpecificCause();
        String state = cause instanceof SQLException sql ? sql.getSQLState() : null;
        if (state != null && state.startsWith("22")) {
            String reason = cause.getMessage() == null ? "invalid argument" : cause.getMessage().lines().findFirst()
                    .orElse("invalid argument").replaceFirst("^ERROR: ", "");
            return error(HttpStatus.BAD_REQUEST, "invalid_argument", ApiException.quote(reason), HttpHeaders.EMPTY);
        }
        return other(e);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == UUID.class ? "a UUID"
                : e.getRequiredType() == int.class || e.getRequiredType() == Integer.class ? "an integer"
                : "a " + (e.getRequiredType() == null ? "valid value" : e.getRequiredType().getSimpleName());
        String value = e.getValue() == null ? null : e.getValue().toString();
        return error(HttpStatus.BAD_REQUEST, "invalid_" + e.getName(),
                e.getName() + " must be " + expected + ", got " + ApiException.quote(value), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "missing_" + e.getParameterName(),
                "query parameter '" + e.getParameterName() + "' is required", HttpHeaders.EMPTY);
    }

    /** The database is down, overloaded or slow: the client may retry, and the operator sees it in the log. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ApiError> databaseUnavailable(RuntimeException e) {
        log.warn("Database unavailable: {}", e.toString());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return error(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                "the feed is temporarily unavailable, retry shortly", headers);
    }

    /** Spring MVC's own errors (unknown path, wrong method...) keep their status; anything else is a bug: 500. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> other(Exception e) {
        if (e instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            String detail = response.getBody().getDetail();
            return error(status, code(status), detail == null ? e.getMessage() : detail, response.getHeaders());
        }
        log.error("Unexpected failure", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "an unexpected error occurred",
                HttpHeaders.EMPTY);
    }

    private static String code(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error_" + status.value() : known.name().toLowerCase(Locale.ROOT);
    }

    private static ResponseEntity<ApiError> error(HttpStatusCode status, String code, String message,
            HttpHeaders headers) {
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(code, message));
    }
}
