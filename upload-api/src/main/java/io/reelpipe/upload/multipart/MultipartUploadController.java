package io.reelpipe.upload.multipart;

import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.catalog.VideoRepresentation;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.upload.limits.UploadLimits;
import io.reelpipe.upload.outbox.OutboxRelay;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.source.SourceWriter;
import io.reelpipe.upload.source.StoredSource;
import io.reelpipe.upload.source.UploadProperties;
import io.reelpipe.upload.video.VideoMetadata;
import io.reelpipe.upload.video.VideoRegistrar;
import io.reelpipe.upload.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletDiskFileUpload;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/videos}: a multipart form with one {@code file} part and optional metadata fields (see
 * {@link VideoMetadata}), for small files (tus and direct uploads handle the large ones).
 * The form is parsed as a stream, so the file flows straight into the media bucket; fields may come before or after
 * it.
 */
@RestController
class MultipartUploadController {

    private final SourceWriter sources;
    private final VideoRegistrar registrar;
    private final VideoCatalog catalog;
    private final OutboxRelay relay;
    private final UploadProperties properties;
    private final UploadLimits limits;
    private final TransactionTemplate transactions;

    MultipartUploadController(
            SourceWriter sources,
            VideoRegistrar registrar,
            VideoCatalog catalog,
            OutboxRelay relay,
            UploadProperties properties,
            UploadLimits limits,
            TransactionTemplate transactions) {
        this.sources = sources;
        this.registrar = registrar;
        this.catalog = catalog;
        this.relay = relay;
        this.properties = properties;
        this.limits = limits;
        this.transactions = transactions;
    }

    @PostMapping("/v1/videos")
    ResponseEntity<VideoRepresentation> upload(HttpServletRequest request, @AuthenticationPrincipal Jwt jwt)
            throws IOException {
        CurrentUser user = CurrentUser.of(jwt);
        if (!JakartaServletFileUpload.isMultipartContent(request)) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not_multipart",
                    "send the video as multipart/form-data with a 'file' part");
        }
        limits.startUpload(user);
        UUID videoId = UUID.randomUUID();
        Map<String, String> fields = new LinkedHashMap<>();
        StoredSource stored = null;
        try {
            JakartaServletDiskFileUpload parser = new JakartaServletDiskFileUpload();
            parser.setMaxFileCount(8);
            parser.setMaxSize(properties.maxMultipartBytes() + 64 * 1024);
            FileItemInputIterator parts = parser.getItemIterator(request);
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                String name = part.getFieldName() == null ? "" : part.getFieldName();
                try (InputStream in = part.getInputStream()) {
                    if (part.isFormField()) {
                        if (fields.containsKey(name)) {
                            throw new ApiException(HttpStatus.BAD_REQUEST, "duplicate_field",
                                    "field '" + name + "' appears twice");
                        }
                        fields.put(name, readField(name, in));
                    } else if (name.equals("file")) {
                        if (stored != null) {
                            throw new ApiException(HttpStatus.BAD_REQUEST, "too_many_files", "send exactly one file");
                        }
                        stored = sources.store(StorageKeys.source(videoId), in, properties.maxMultipartBytes());
                    } else {
                        throw new ApiException(HttpStatus.BAD_REQUEST, "unknown_field",
                                "unexpected file part '" + name + "'; the video goes in the part named 'file'");
                    }
                }
            }
            if (stored == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "missing_file", "the form has no 'file' part");
            }
            VideoMetadata metadata = VideoMetadata.of(fields);
            StoredSource source = stored;
            transactions.executeWithoutResult(status -> {
                limits.reserve(user, source.bytes(), false);
                registrar.register(user, videoId, metadata, source);
            });
        } catch (FileUploadSizeException e) {
            discard(stored);
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large",
                    "the upload is larger than the limit of " + properties.maxMultipartBytes() + " bytes");
        } catch (FileUploadException e) {
            discard(stored);
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_multipart",
                    "the multipart body could not be read: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            discard(stored);
            throw e;
        }
        relay.wake();
        VideoRepresentation video = catalog.find(videoId).orElseThrow();
        return ResponseEntity.created(URI.create("/v1/videos/" + videoId)).body(video);
    }

    private String readField(String name, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(properties.maxFieldBytes() + 1);
        if (bytes.length > properties.maxFieldBytes()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "field_too_large",
                    "field '" + name + "' is longer than " + properties.maxFieldBytes() + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void discard(StoredSource stored) {
        if (stored != null) {
            sources.discard(stored);
        }
    }
}
