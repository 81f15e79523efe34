package io.reelpipe.core.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 multipart uploads driven step by step by a caller whose upload outlives one request (tus uploads resumed across
 * requests and instances, presigned direct uploads): start, upload or presign numbered parts, list, complete, abort.
 * Unlike {@link S3MultipartOutputStream}, the state (upload id, part ETags) lives with the caller, not in memory.
 */
public final class MultipartUploads {

    /** S3's smallest part (every part but the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** S3's most parts per upload. */
    public static final int MAX_PARTS = 10_000;

    /**
     * A part S3 holds for an upload.
     *
     * @param number its part number, from 1
     * @param etag   the ETag S3 returned
     * @param size   its length in bytes
     */
    public record Part(int number, String etag, long size) {}

    private final S3Client s3;
    private final StorageProperties properties;

    MultipartUploads(S3Client s3, StorageProperties properties) {
        this.s3 = s3;
        this.properties = properties;
    }

    /** Starts an upload and returns its id. */
    public String start(String key, String contentType, String cacheControl, ObjectStore.Access access) {
        return s3.createMultipartUpload(b -> b.bucket(properties.bucket()).key(key).contentType(contentType)
                        .cacheControl(cacheControl)
                        .acl(access == ObjectStore.Access.PUBLIC_READ ? ObjectCannedACL.PUBLIC_READ
                                : ObjectCannedACL.PRIVATE))
                .uploadId();
    }

    /** Uploads a whole file as part {@code number} (streamed from disk) and returns its ETag. */
    public String uploadPart(String key, String uploadId, int number, Path file) {
        return s3.uploadPart(b -> b.bucket(properties.bucket()).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromFile(file)).eTag();
    }

    /** Every part S3 holds for the upload, by part number. */
    public List<Part> list(String key, String uploadId) {
        List<Part> parts = new ArrayList<>();
        Integer marker = null;
        while (true) {
            Integer from = marker;
            ListPartsResponse page = s3.listParts(b -> b.bucket(properties.bucket()).key(key).uploadId(uploadId)
                    .partNumberMarker(from));
            page.parts().forEach(p -> parts.add(new Part(p.partNumber(), p.eTag(), p.size())));
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return parts;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    /** Completes the object from the given ETags, part 1 first. */
    public void complete(String key, String uploadId, List<String> etags) {
        List<CompletedPart> parts = new ArrayList<>(etags.size());
        for (int i = 0; i < etags.size(); i++) {
            parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(properties.bucket()).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
    }

    /** Discards an upload and its parts; an upload S3 no longer knows is already gone. */
    public void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(properties.bucket()).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // Aborted or completed before.
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
    }

    /**
     * URLs that let their holder PUT parts {@code 1..count} of the upload, and nothing else, until they expire.
     */
    public List<URI> presignParts(String key, String uploadId, int count, Duration ttl) {
        List<URI> urls = new ArrayList<>(count);
        try (S3Presigner presigner = presigner()) {
            for (int i = 1; i <= count; i++) {
                int number = i;
                urls.add(URI.create(presigner.presignUploadPart(p -> p.signatureDuration(ttl)
                        .uploadPartRequest(b -> b.bucket(properties.bucket()).key(key).uploadId(uploadId)
                                .partNumber(number))).url().toString()));
            }
        }
        return urls;
    }

    /** Reads bytes {@code first..last} (inclusive) of an object, or all of it when {@code last} is negative. */
    public InputStream read(String key, long first, long last) {
        String range = last < 0 ? "bytes=" + first + "-" : "bytes=" + first + "-" + last;
        return s3.getObject(b -> b.bucket(properties.bucket()).key(key).range(range));
    }

    private S3Presigner presigner() {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(properties.accessKey(), properties.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        if (properties.endpoint() != null && !properties.endpoint().toString().isBlank()) {
            builder.endpointOverride(properties.endpoint());
        }
        return builder.build();
    }
}
