package io.reelpipe.upload.uploads;

import io.reelpipe.core.media.ContainerFormat;
import io.reelpipe.upload.video.VideoMetadata;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An upload's committed state, as a row of {@code uploads}. Its id is also the id of the video it becomes.
 *
 * @param id          upload and video id
 * @param ownerId     the creator
 * @param kind        tus or direct
 * @param state       where it stands
 * @param length      the announced size in bytes
 * @param offset      bytes received and committed (tus)
 * @param partSize    the S3 part size; part n holds bytes {@code [(n-1)*partSize, n*partSize)}
 * @param objectKey   the source object the upload completes into
 * @param s3UploadId  the S3 multipart upload, once started
 * @param partEtags   ETags of the committed full parts, part 1 first
 * @param tailKey     the object holding the committed bytes after the last full part, if any
 * @param sha256State the {@link ContentHash} state: block digests before the tail (all of them once complete)
 * @param format      the container sniffed from the first bytes, once known
 * @param metadata    the validated metadata the video gets
 * @param rawMetadata the tus {@code Upload-Metadata} header as received, echoed on HEAD
 * @param failure     why a FAILED upload failed
 * @param version     incremented by every commit
 * @param expiresAt   when an unfinished upload is abandoned
 */
public record Upload(
        UUID id,
        String ownerId,
        Kind kind,
        State state,
        long length,
        long offset,
        long partSize,
        String objectKey,
        String s3UploadId,
        List<String> partEtags,
        String tailKey,
        byte[] sha256State,
        ContainerFormat format,
        VideoMetadata metadata,
        String rawMetadata,
        String failure,
        long version,
        Instant expiresAt) {

    public Upload {
        partEtags = List.copyOf(partEtags);
    }

    /** The upload protocol. */
    public enum Kind {
        TUS,
        DIRECT
    }

    /** Lifecycle: ACTIVE until completed, terminated by its owner, expired by the janitor, or failed verification. */
    public enum State {
        ACTIVE,
        COMPLETED,
        TERMINATED,
        EXPIRED,
        FAILED
    }

    /** Offset of the first byte not yet in a committed full part. */
    public long tailStart() {
        return partEtags.size() * partSize;
    }

    public boolean isExpired(Instant now) {
        return state == State.EXPIRED || state == State.ACTIVE && now.isAfter(expiresAt);
    }
}
