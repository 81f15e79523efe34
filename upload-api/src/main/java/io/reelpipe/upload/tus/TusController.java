package io.reelpipe.upload.tus;

import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.upload.limits.UploadLimits;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.uploads.Upload;
import io.reelpipe.upload.uploads.UploadJanitor;
import io.reelpipe.upload.uploads.UploadLeases;
import io.reelpipe.upload.uploads.Uploads;
import io.reelpipe.upload.uploads.UploadsProperties;
import io.reelpipe.upload.video.VideoMetadata;
import io.reelpipe.upload.video.VideoRegistrar;
import io.reelpipe.upload.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * tus 1.0.0 at {@code /v1/uploads}: core protocol, creation, creation-with-upload, termination, checksum (sha1,
 * sha256, md5) and expiration. An upload's id is the id of the video it becomes; only its owner can see or touch it
 * (anybody else gets 404). Every response carries {@code Tus-Resumable} (see {@link TusHeaderFilter}).
 */
@RestController
class TusController {

    static final String VERSION = "1.0.0";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Uploads uploads;
    private final UploadLeases leases;
    private final TusWriter writer;
    private final UploadsProperties properties;
    private final UploadLimits limits;
    private final VideoRegistrar registrar;
    private final TransactionTemplate transactions;
    private final UploadJanitor janitor;
    private final Clock clock = Clock.systemUTC();

    TusController(
            Uploads uploads,
            UploadLeases leases,
            TusWriter writer,
            UploadsProperties properties,
            UploadLimits limits,
            VideoRegistrar registrar,
            TransactionTemplate transactions,
            UploadJanitor janitor) {
        this.uploads = uploads;
        this.leases = leases;
        this.writer = writer;
        this.properties = properties;
        this.limits = limits;
        this.registrar = registrar;
        this.transactions = transactions;
        this.janitor = janitor;
    }

    @RequestMapping(path = {"/v1/uploads", "/v1/uploads/{id}"}, method = RequestMethod.OPTIONS)
    ResponseEntity<Void> options() {
        return ResponseEntity.noContent()
                .header("Tus-Version", VERSION)
                .header("Tus-Extension", "creation,creation-with-upload,termination,checksum,expiration")
                .header("Tus-Max-Size", Long.toString(properties.maxSize()))
                .header("Tus-Checksum-Algorithm", String.join(",", Checksum.ALGORITHMS.keySet()))
                .build();
    }

    @RequestMapping(path = "/v1/uploads", method = RequestMethod.POST)
    ResponseEntity<Void> create(HttpServletRequest request, @AuthenticationPrincipal Jwt jwt) throws IOException {
        CurrentUser user = CurrentUser.of(jwt);
        requireVersion(request);
        if (request.getHeader("Upload-Defer-Length") != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "defer_length_unsupported",
                    "Upload-Defer-Length is not supported; announce Upload-Length");
        }
        long length = parseLength(request.getHeader("Upload-Length"), "Upload-Length");
        if (length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "empty_file", "the file is empty (Upload-Length: 0)");
        }
        if (length > properties.maxSize()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large",
                    "Upload-Length " + length + " is over the limit of " + properties.maxSize() + " bytes");
        }
        String rawMetadata = request.getHeader("Upload-Metadata");
        VideoMetadata metadata = VideoMetadata.of(UploadMetadataHeader.parse(rawMetadata));
        registrar.checkOwnership(user, metadata);
        limits.startUpload(user);
        UUID id = UUID.randomUUID();
        Upload upload = new Upload(id, user.id(), Upload.Kind.TUS, Upload.State.ACTIVE, length, 0,
                properties.partSizeFor(length), StorageKeys.source(id), null, List.of(), null, null, null, metadata,
                rawMetadata, null, 0, clock.instant().plus(properties.expiry()));
        transactions.executeWithoutResult(status -> {
            limits.reserve(user, length, true);
            uploads.create(upload);
        });
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v1/uploads/" + id)
                .header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
        if (isOffsetStream(request.getContentType())) {
            // creation-with-upload: the body is the first chunk. A refused chunk leaves a created, empty upload,
            // unless the content itself was refused (the upload cannot succeed then).
            try {
                Upload after = append(user, id, 0, request);
                response.header("Upload-Offset", Long.toString(after.offset()))
                        .header("Upload-Expires", HTTP_DATE.format(after.expiresAt()));
            } catch (ApiException e) {
                if (e.status().value() == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
                    throw e;
                }
                response.header("Upload-Offset", "0");
            }
        }
        return response.build();
    }

    @RequestMapping(path = "/v1/uploads/{id}", method = RequestMethod.HEAD)
    ResponseEntity<Void> head(HttpServletRequest request, @PathVariable("id") UUID id, @AuthenticationPrincipal Jwt jwt) {
        requireVersion(request);
        Upload upload = visible(CurrentUser.of(jwt), id);
        ResponseEntity.HeadersBuilder<?> response = ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Upload-Offset", Long.toString(upload.offset()))
                .header("Upload-Length", Long.toString(upload.length()));
        if (upload.rawMetadata() != null) {
            response.header("Upload-Metadata", upload.rawMetadata());
        }
        if (upload.state() == Upload.State.ACTIVE) {
            response.header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
        } else {
            response.header("ReelPipe-Video", "/v1/videos/" + upload.id());
        }
        return response.build();
    }

    @RequestMapping(path = "/v1/uploads/{id}", method = RequestMethod.PATCH)
    ResponseEntity<Void> patch(HttpServletRequest request, @PathVariable("id") UUID id, @AuthenticationPrincipal Jwt jwt)
            throws IOException {
        requireVersion(request);
        if (!isOffsetStream(request.getContentType())) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "wrong_content_type",
                    "a PATCH body must be sent as " + OFFSET_OCTET_STREAM);
        }
        long offset = parseLength(request.getHeader("Upload-Offset"), "Upload-Offset");
        Upload after = append(CurrentUser.of(jwt), id, offset, request);
        ResponseEntity.HeadersBuilder<?> response = ResponseEntity.noContent()
                .header("Upload-Offset", Long.toString(after.offset()))
                .header("Upload-Expires", HTTP_DATE.format(after.expiresAt()));
        if (after.offset() == after.length()) {
            response.header("ReelPipe-Video", "/v1/videos/" + id);
        }
        return response.build();
    }

    @RequestMapping(path = "/v1/uploads/{id}", method = RequestMethod.DELETE)
    ResponseEntity<Void> terminate(HttpServletRequest request, @PathVariable("id") UUID id, @AuthenticationPrincipal Jwt jwt) {
        requireVersion(request);
        Upload upload = visible(CurrentUser.of(jwt), id);
        if (upload.state() == Upload.State.COMPLETED) {
            throw new ApiException(HttpStatus.CONFLICT, "upload_completed",
                    "upload " + id + " is complete; delete the video instead");
        }
        try (UploadLeases.Lease _ = leases.acquire(id)) {
            Upload current = uploads.find(id).orElseThrow();
            if (uploads.finish(id, Upload.State.TERMINATED, "terminated by its owner")) {
                janitor.discard(current);
            }
        }
        return ResponseEntity.noContent().build();
    }

    /** Appends a body at {@code offset} under the upload's lease, with every tus check first. */
    private Upload append(CurrentUser user, UUID id, long offset, HttpServletRequest request) throws IOException {
        Upload seen = visible(user, id);
        long contentLength = request.getContentLengthLong();
        if (seen.state() != Upload.State.ACTIVE) {
            if (offset == seen.length() && contentLength <= 0) {
                return seen;
            }
            throw offsetConflict(offset, seen.offset());
        }
        if (contentLength > 0 && offset + contentLength > seen.length()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large", "Upload-Offset " + offset
                    + " plus Content-Length " + contentLength + " goes past Upload-Length " + seen.length());
        }
        Checksum checksum = Checksum.parse(request.getHeader("Upload-Checksum"));
        try (UploadLeases.Lease lease = leases.acquire(id)) {
            Upload upload = visible(user, id);
            if (upload.state() != Upload.State.ACTIVE || upload.offset() != offset) {
                throw offsetConflict(offset, upload.offset());
            }
            try {
                return writer.append(upload, lease.token(), request.getInputStream(), checksum);
            } catch (TusWriter.RefusedContent e) {
                if (uploads.finish(id, Upload.State.FAILED, e.getMessage())) {
                    janitor.discard(upload);
                }
                throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media", e.getMessage());
            }
        }
    }

    /** The upload, if {@code user} owns it and it can still be written or read: 404 or 410 otherwise. */
    private Upload visible(CurrentUser user, UUID id) {
        Upload upload = uploads.find(id)
                .filter(u -> u.kind() == Upload.Kind.TUS && u.ownerId().equals(user.id()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "no upload " + id));
        Instant now = clock.instant();
        return switch (upload.state()) {
            case TERMINATED -> throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "no upload " + id);
            case EXPIRED -> throw gone(id, "it expired");
            case FAILED -> throw gone(id, upload.failure());
            case ACTIVE -> {
                if (upload.isExpired(now)) {
                    throw gone(id, "it expired");
                }
                yield upload;
            }
            case COMPLETED -> upload;
        };
    }

    private static ApiException gone(UUID id, String why) {
        return new ApiException(HttpStatus.GONE, "gone", "upload " + id + " is gone: " + why);
    }

    private static ApiException offsetConflict(long offset, long actual) {
        return new ApiException(HttpStatus.CONFLICT, "offset_mismatch",
                "Upload-Offset " + offset + " does not match the upload's offset " + actual, Map.of(
                        "Upload-Offset", Long.toString(actual)));
    }

    private static void requireVersion(HttpServletRequest request) {
        String version = request.getHeader("Tus-Resumable");
        if (!VERSION.equals(version)) {
            throw new ApiException(HttpStatus.PRECONDITION_FAILED, "unsupported_version",
                    "Tus-Resumable must be " + VERSION + "; got '" + (version == null ? "" : truncate(version)) + "'",
                    Map.of("Tus-Version", VERSION));
        }
    }

    /** A non-negative decimal header: 400 when absent or malformed. */
    private static long parseLength(String value, String header) {
        if (value == null || !value.matches("[0-9]{1,18}")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_header", header
                    + " must be a non-negative whole number of bytes; got '" + (value == null ? "" : truncate(value)) + "'");
        }
        return Long.parseLong(value);
    }

    private static boolean isOffsetStream(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(java.util.Locale.ROOT).startsWith(OFFSET_OCTET_STREAM);
    }

    private static String truncate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
