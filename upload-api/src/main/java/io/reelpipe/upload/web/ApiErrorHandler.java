package io.reelpipe.upload.web;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns refusals into JSON bodies {@code {"error": ..., "message": ...}} with their status. */
@RestControllerAdvice
class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, String>> refused(ApiException e) {
        if (e.status().is5xxServerError()) {
            log.warn("request failed: {}", e.getMessage());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        e.headers().forEach(response::header);
        return response.contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.error(), "message", e.getMessage()));
    }

    /**
     * A backing service failed (S3, PostgreSQL) or local storage did: the request did not take effect (uploads commit
     * nothing on failure), so the client may retry, which tus clients do on any 5xx.
     */
    @ExceptionHandler({SdkException.class, DataAccessException.class, java.io.IOException.class})
    ResponseEntity<Map<String, String>> unavailable(Exception e) {
        log.warn("request failed on a backing service: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "unavailable",
                        "message", "storage or the database failed; nothing was stored, retry in a few seconds"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "malformed_json", "message", "the body is not valid JSON"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> badParameter(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "bad_parameter",
                "message", "'" + e.getName() + "' is not valid: " + String.valueOf(e.getValue())));
    }
}
