package io.reelpipe.upload.source;

import io.reelpipe.core.media.ContainerFormat;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.S3MultipartOutputStream;
import io.reelpipe.upload.uploads.ContentHash;
import io.reelpipe.upload.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Streams an uploaded file into the media bucket: decides its container from its first bytes (never its name or
 * declared type), then copies it through S3 multipart upload while hashing and counting, so no upload is ever held
 * whole in memory or on local disk. A refused or failed upload leaves nothing in the bucket.
 */
@Component
public class SourceWriter {

    private final ObjectStore store;

    SourceWriter(ObjectStore store) {
        this.store = store;
    }

    /**
     * Stores {@code in} under {@code key}.
     *
     * @throws ApiException 400 for an empty file, 415 for a file that is not an accepted video container, 413 when it
     *     is over {@code maxBytes}
     */
    public StoredSource store(String key, InputStream in, long maxBytes) throws IOException {
        byte[] head = new byte[ContainerFormat.SNIFF_BYTES];
        int headLength = in.readNBytes(head, 0, head.length);
        if (headLength == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "empty_file", "the file is empty");
        }
        ContainerFormat format = ContainerFormat.sniff(head, headLength).orElseThrow(() -> new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media",
                "the file is not a supported video container (it looks like "
                        + ContainerFormat.describe(head, headLength) + "); accepted: MP4/MOV, WebM/Matroska, MPEG-TS, AVI"));
        ContentHash hash = new ContentHash();
        S3MultipartOutputStream out = store.openOutput(key, format.mimeType(), CacheControl.PRIVATE,
                ObjectStore.Access.PRIVATE);
        try {
            hash.update(head, 0, headLength);
            out.write(head, 0, headLength);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.bytesWritten() + n > maxBytes) {
                    throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large",
                            "the file is larger than the limit of " + maxBytes + " bytes");
                }
                hash.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            try {
                out.abort();
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
        out.close();
        return new StoredSource(key, out.bytesWritten(), hash.finish(), format);
    }

    /** Removes a stored source whose upload was refused after it was written. */
    public void discard(StoredSource source) {
        store.delete(source.key());
    }

}
