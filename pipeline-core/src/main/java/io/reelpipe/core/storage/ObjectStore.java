package io.reelpipe.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The media bucket: typed operations over the AWS SDK v2 S3 client, so services never build requests themselves.
 * Every write states its content type, cache policy and access; public objects are what the CDN edge may serve.
 */
public final class ObjectStore implements AutoCloseable {

    /** Who may read an object without credentials. */
    public enum Access {
        /** Served by the CDN edge to anyone with the (unguessable, versioned) URL. */
        PUBLIC_READ,
        /** Readable with credentials only, such as uploaded sources. */
        PRIVATE
    }

    private final S3Client s3;
    private final StorageProperties properties;

    public ObjectStore(StorageProperties properties) {
        this.properties = properties;
        var builder = S3Client.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(properties.accessKey(), properties.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(o -> o.apiCallTimeout(properties.timeout())
                        .apiCallAttemptTimeout(properties.timeout().dividedBy(2)));
        if (properties.endpoint() != null && !properties.endpoint().toString().isBlank()) {
            builder.endpointOverride(properties.endpoint());
        }
        this.s3 = builder.build();
    }

    public StorageProperties properties() {
        return properties;
    }

    public String bucket() {
        return properties.bucket();
    }

    /** Creates the bucket when it does not exist yet; safe to call from every instance at start-up. */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket()));
        } catch (NoSuchBucketException e) {
            createBucket();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            createBucket();
        }
    }

    private void createBucket() {
        try {
            s3.createBucket(b -> b.bucket(bucket()));
        } catch (S3Exception e) {
            // Another instance created it between our check and our create.
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    public void putFile(String key, Path file, String contentType, String cacheControl, Access access) {
        s3.putObject(
                b -> b.bucket(bucket()).key(key).contentType(contentType).cacheControl(cacheControl).acl(acl(access)),
                RequestBody.fromFile(file));
    }

    public void putBytes(String key, byte[] bytes, String contentType, String cacheControl, Access access) {
        s3.putObject(
                b -> b.bucket(bucket()).key(key).contentType(contentType).cacheControl(cacheControl).acl(acl(access)),
                RequestBody.fromBytes(bytes));
    }

    /**
     * Opens a stream that writes an object of unknown length through S3 multipart upload, holding one part in memory
     * at a time. Close it to complete the object; {@link S3MultipartOutputStream#abort()} it on failure.
     */
    public S3MultipartOutputStream openOutput(String key, String contentType, String cacheControl, Access access) {
        return new S3MultipartOutputStream(s3, bucket(), key, contentType, cacheControl, acl(access),
                S3MultipartOutputStream.DEFAULT_PART_SIZE);
    }

    /** Multipart uploads whose state the caller keeps (tus and presigned direct uploads). */
    public MultipartUploads multipart() {
        return new MultipartUploads(s3, properties);
    }

    /**
     * Downloads an object to a file, refusing objects larger than {@code maxBytes}.
     *
     * @return the number of bytes written
     */
    public long download(String key, Path target, long maxBytes) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket()).key(key))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                throw new IOException("object " + key + " is " + length + " bytes, over the limit of " + maxBytes);
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            long copied;
            try (OutputStream out = Files.newOutputStream(partial)) {
                copied = copyAtMost(in, out, maxBytes);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return copied;
        }
    }

    private static long copyAtMost(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > maxBytes) {
                throw new IOException("object is over the limit of " + maxBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    public HeadObjectResponse head(String key) {
        return s3.headObject(b -> b.bucket(bucket()).key(key));
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket()).key(key));
    }

    /** Lists keys under a prefix (at most the first 1000). */
    public List<String> list(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket()).prefix(prefix)).contents().stream()
                .map(o -> o.key())
                .toList();
    }

    /** The CDN URL of an object. */
    public String publicUrl(String key) {
        return properties.publicUrl(key);
    }

    private static ObjectCannedACL acl(Access access) {
        return access == Access.PUBLIC_READ ? ObjectCannedACL.PUBLIC_READ : ObjectCannedACL.PRIVATE;
    }

    @Override
    public void close() {
        s3.close();
    }
}
