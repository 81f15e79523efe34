package io.reelpipe.upload.direct;

import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.catalog.VideoRepresentation;
import io.reelpipe.core.media.ContainerFormat;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.MultipartUploads;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.upload.limits.UploadLimits;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.source.StoredSource;
import io.reelpipe.upload.uploads.ContentHash;
import io.reelpipe.upload.uploads.Upload;
import io.reelpipe.upload.uploads.UploadCompletion;
import io.reelpipe.upload.uploads.UploadLeases;
import io.reelpipe.upload.uploads.Uploads;
import io.reelpipe.upload.uploads.UploadsProperties;
import io.reelpipe.upload.video.VideoMetadata;
import io.reelpipe.upload.video.VideoRegistrar;
import io.reelpipe.upload.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Presigned direct-to-S3 uploads: {@code POST /v1/uploads/direct} starts an S3 multipart upload and hands out one
 * presigned URL per part; the client PUTs the parts straight to storage and calls
 * {@code POST /v1/uploads/direct/{id}/complete}. Completion trusts nothing the client says: the parts are listed
 * from S3, their total must be the announced size, and after completing the object its size is checked again and its
 * first bytes sniffed; only then is the video registered and its jobs queued. A refused object is deleted.
 */
@RestController
class DirectUploadController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of("size", "metadata");
    private static final int MAX_BODY = 64 * 1024;

    private final Uploads uploads;
    private final UploadLeases leases;
    private final UploadsProperties properties;
    private final UploadLimits limits;
    private final VideoRegistrar registrar;
    private final UploadCompletion completion;
    private final TransactionTemplate transactions;
    private final ObjectStore store;
    private final MultipartUploads multipart;
    private final VideoCatalog catalog;
    private final Clock clock = Clock.systemUTC();

    DirectUploadController(
            Uploads uploads,
            UploadLeases leases,
            UploadsProperties properties,
            UploadLimits limits,
            VideoRegistrar registrar,
            UploadCompletion completion,
            TransactionTemplate transactions,
            ObjectStore store,
            VideoCatalog catalog) {
        this.uploads = uploads;
        this.leases = leases;
        this.properties = properties;
        this.limits = limits;
        this.registrar = registrar;
        this.completion = completion;
        this.transactions = transactions;
        this.store = store;
        this.multipart = store.multipart();
        this.catalog = catalog;
    }

    /**
     * The answer to a new direct upload.
     *
     * @param id        the upload's (and the future video's) id
     * @param partSize  every part but the last must be exactly this long
     * @param parts     where to PUT each part
     * @param expiresAt when the URLs stop working and an unfinished upload is discarded
     * @param complete  where to POST once every part is stored
     */
    record Started(UUID id, long size, long partSize, List<PartUrl> parts, Instant expiresAt, String complete) {}

    /** One presigned part URL. */
    record PartUrl(int partNumber, URI url) {}

    @PostMapping("/v1/uploads/direct")
    ResponseEntity<Started> start(HttpServletRequest request, @AuthenticationPrincipal Jwt jwt) throws IOException {
        CurrentUser user = CurrentUser.of(jwt);
        JsonNode body = readBody(request);
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "unknown_field",
                        "unknown field '" + truncate(name) + "'; accepted: size, metadata");
            }
        }
        JsonNode sizeNode = body.path("size");
        if (!sizeNode.isIntegralNumber() || sizeNode.asLong() < 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_field", "size must be a positive whole number of bytes");
        }
        long size = sizeNode.asLong();
        if (size > properties.maxSize()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large",
                    "size " + size + " is over the limit of " + properties.maxSize() + " bytes");
        }
        VideoMetadata metadata = VideoMetadata.of(metadataFields(body.path("metadata")));
        registrar.checkOwnership(user, metadata);
        limits.startUpload(user);
        UUID id = UUID.randomUUID();
        String key = StorageKeys.source(id);
        long partSize = properties.partSizeFor(size);
        int count = (int) Math.ceilDiv(size, partSize);
        String s3UploadId = multipart.start(key, "application/octet-stream", CacheControl.PRIVATE,
                ObjectStore.Access.PRIVATE);
        Instant expiresAt = clock.instant().plus(properties.directUrlTtl());
        Upload upload = new Upload(id, user.id(), Upload.Kind.DIRECT, Upload.State.ACTIVE, size, 0, partSize, key,
                s3UploadId, List.of(), null, null, null, metadata, null, null, 0, expiresAt);
        try {
            transactions.executeWithoutResult(status -> {
                limits.reserve(user, size, true);
                uploads.create(upload);
            });
        } catch (RuntimeException e) {
            multipart.abort(key, s3UploadId);
            throw e;
        }
        List<URI> urls = multipart.presignParts(key, s3UploadId, count, properties.directUrlTtl());
        List<PartUrl> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(new PartUrl(i + 1, urls.get(i)));
        }
        String complete = "/v1/uploads/direct/" + id + "/complete";
        return ResponseEntity.created(URI.create("/v1/uploads/direct/" + id))
                .body(new Started(id, size, partSize, parts, expiresAt, complete));
    }

    @PostMapping("/v1/uploads/direct/{id}/complete")
    ResponseEntity<VideoRepresentation> complete(@PathVariable("id") UUID id, @AuthenticationPrincipal Jwt jwt)
            throws IOException {
        CurrentUser user = CurrentUser.of(jwt);
        Upload seen = visible(user, id);
        if (seen.state() == Upload.State.COMPLETED) {
            return created(id);
        }
        try (UploadLeases.Lease _ = leases.acquire(id)) {
            Upload upload = visible(user, id);
            if (upload.state() == Upload.State.COMPLETED) {
                return created(id);
            }
            List<MultipartUploads.Part> parts = multipart.list(upload.objectKey(), upload.s3UploadId());
            long total = 0;
            List<String> etags = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                MultipartUploads.Part part = parts.get(i);
                boolean last = i == parts.size() - 1;
                if (part.number() != i + 1 || (!last && part.size() != upload.partSize())) {
                    throw new ApiException(HttpStatus.CONFLICT, "incomplete_upload", "part " + (i + 1)
                            + " is missing or not " + upload.partSize() + " bytes; upload every part, then complete");
                }
                total += part.size();
                etags.add(part.etag());
            }
            if (total != upload.length()) {
                throw new ApiException(HttpStatus.CONFLICT, "incomplete_upload", "the stored parts hold " + total
                        + " bytes, not the announced " + upload.length() + "; upload every part, then complete");
            }
            multipart.complete(upload.objectKey(), upload.s3UploadId(), etags);
            StoredSource source = verify(upload);
            completion.complete(upload, source);
        }
        return created(id);
    }

    /** Checks the completed object before anything uses it: its size and its container; a bad object is removed. */
    private StoredSource verify(Upload upload) throws IOException {
        long stored = store.head(upload.objectKey()).contentLength();
        byte[] head;
        try (InputStream in = multipart.read(upload.objectKey(), 0, ContainerFormat.SNIFF_BYTES - 1)) {
            head = in.readNBytes(ContainerFormat.SNIFF_BYTES);
        }
        ContainerFormat format = ContainerFormat.sniff(head, head.length).orElse(null);
        String refusal = stored != upload.length()
                ? "the stored object is " + stored + " bytes, not the announced " + upload.length()
                : format == null ? "the file is not a supported video container (it looks like "
                        + ContainerFormat.describe(head, head.length) + "); accepted: MP4/MOV, WebM/Matroska, MPEG-TS, AVI"
                : null;
        if (refusal != null) {
            store.delete(upload.objectKey());
            uploads.finish(upload.id(), Upload.State.FAILED, refusal);
            throw new ApiException(stored != upload.length() ? HttpStatus.CONFLICT : HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    stored != upload.length() ? "size_mismatch" : "unsupported_media", refusal);
        }
        ContentHash hash = new ContentHash();
        long read = 0;
        try (InputStream in = multipart.read(upload.objectKey(), 0, -1)) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                hash.update(buffer, 0, n);
                read += n;
            }
        }
        if (read != upload.length()) {
            throw new IOException("read " + read + " bytes of " + upload.objectKey() + ", expected " + upload.length());
        }
        return new StoredSource(upload.objectKey(), read, hash.finish(), format);
    }

    private Upload visible(CurrentUser user, UUID id) {
        Upload upload = uploads.find(id)
                .filter(u -> u.kind() == Upload.Kind.DIRECT && u.ownerId().equals(user.id()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "no upload " + id));
        return switch (upload.state()) {
            case ACTIVE -> {
                if (upload.isExpired(clock.instant())) {
                    throw new ApiException(HttpStatus.GONE, "gone", "upload " + id + " expired");
                }
                yield upload;
            }
            case COMPLETED -> upload;
            case FAILED -> throw new ApiException(HttpStatus.GONE, "gone", "upload " + id + " failed: " + upload.failure());
            case EXPIRED, TERMINATED -> throw new ApiException(HttpStatus.GONE, "gone", "upload " + id + " expired");
        };
    }

    private ResponseEntity<VideoRepresentation> created(UUID id) {
        return ResponseEntity.created(URI.create("/v1/videos/" + id)).body(catalog.find(id).orElseThrow());
    }

    private static JsonNode readBody(HttpServletRequest request) throws IOException {
        byte[] bytes = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large", "the request body is over " + MAX_BODY + " bytes");
        }
        try {
            JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", "the body must be a JSON object");
            }
            return body;
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", "the body is not valid JSON");
        }
    }

    /** The metadata object's members as text; nested values are refused. */
    private static Map<String, String> metadataFields(JsonNode metadata) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (metadata.isMissingNode() || metadata.isNull()) {
            return fields;
        }
        if (!metadata.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_field", "metadata must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : metadata.properties()) {
            JsonNode value = field.getValue();
            if (!(value.isString() || value.isNumber())) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_field",
                        "metadata." + truncate(field.getKey()) + " must be a string or a number");
            }
            fields.put(field.getKey(), value.asString());
        }
        return fields;
    }

    private static String truncate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
