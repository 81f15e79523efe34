package io.reelpipe.upload.uploads;

import io.reelpipe.core.storage.MultipartUploads;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.upload.source.StoredSource;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Completes a tus upload whose bytes are all committed: completes the S3 multipart upload from the committed part
 * ETags, then registers the video. Safe to repeat (the janitor retries a completion that a crash interrupted): an S3
 * upload already completed is recognized by the object's size, and the registration happens once.
 */
@Component
public class UploadFinisher {

    private final ObjectStore store;
    private final MultipartUploads multipart;
    private final UploadCompletion completion;

    UploadFinisher(ObjectStore store, UploadCompletion completion) {
        this.store = store;
        this.multipart = store.multipart();
        this.completion = completion;
    }

    /** @return false when another request finished it first */
    public boolean finish(Upload upload) {
        if (upload.offset() != upload.length() || upload.format() == null || upload.sha256State() == null) {
            throw new IllegalStateException("upload " + upload.id() + " is not complete");
        }
        try {
            multipart.complete(upload.objectKey(), upload.s3UploadId(), upload.partEtags());
        } catch (S3Exception e) {
            if (!alreadyComplete(upload)) {
                throw e;
            }
        }
        return completion.complete(upload, new StoredSource(upload.objectKey(), upload.length(),
                ContentHash.hex(upload.sha256State()), upload.format()));
    }

    private boolean alreadyComplete(Upload upload) {
        try {
            return store.head(upload.objectKey()).contentLength() == upload.length();
        } catch (S3Exception e) {
            return false;
        }
    }
}
