package io.reelpipe.core.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/**
 * An output stream that writes one S3 object through multipart upload, so an upload of any size needs one part of
 * memory. Objects smaller than one part are written with a single PUT instead. Nothing is visible under the key
 * until {@link #close()} completes the object; {@link #abort()} discards the parts.
 */
public final class S3MultipartOutputStream extends OutputStream {

    /** S3 requires parts of at least 5 MiB (but the last); 8 MiB balances memory against request count. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final String cacheControl;
    private final ObjectCannedACL acl;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int buffered;
    private long written;
    private String uploadId;
    private boolean closed;

    S3MultipartOutputStream(
            S3Client s3, String bucket, String key, String contentType, String cacheControl, ObjectCannedACL acl,
            int partSize) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts must be at least 5 MiB, got " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.cacheControl = cacheControl;
        this.acl = acl;
        this.buffer = new byte[partSize];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        while (length > 0) {
            int n = Math.min(length, buffer.length - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
            written += n;
            if (buffered == buffer.length) {
                flushPart();
            }
        }
    }

    /** Bytes accepted so far. */
    public long bytesWritten() {
        return written;
    }

    private void flushPart() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)
                            .cacheControl(cacheControl).acl(acl))
                    .uploadId();
        }
        int partNumber = parts.size() + 1;
        String etag = s3.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, buffered)))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        buffered = 0;
    }

    /** Completes the object. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (uploadId == null) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).cacheControl(cacheControl).acl(acl),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, buffered)));
                return;
            }
            if (buffered > 0) {
                flushPart();
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abortQuietly(e);
            throw new IOException("could not complete s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Discards everything written; the key is left as it was. */
    public void abort() {
        closed = true;
        if (uploadId != null) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            uploadId = null;
        }
    }

    private void abortQuietly(RuntimeException cause) {
        try {
            abort();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream for s3://" + bucket + "/" + key + " is closed");
        }
    }
}
