package io.reelpipe.upload.tus;

import io.reelpipe.core.media.ContainerFormat;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.MultipartUploads;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.upload.uploads.ContentHash;
import io.reelpipe.upload.uploads.Upload;
import io.reelpipe.upload.uploads.UploadFinisher;
import io.reelpipe.upload.uploads.Uploads;
import io.reelpipe.upload.uploads.UploadsProperties;
import io.reelpipe.upload.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

/**
 * Appends one PATCH body to a tus upload, holding its lease. Bytes go to a part file on local disk; each time the
 * bytes since the last part boundary reach the part size, the part is uploaded to S3 in the background while the
 * next one is received (at most {@code parallel-parts} uploads in flight plus one file receiving, nothing on the
 * heap but a copy buffer). Part n always holds bytes
 * {@code [(n-1)*partSize, n*partSize)}, so a part written again by a retry carries the same bytes.
 *
 * <p>Nothing is committed until the body ends: then the bytes after the last full part are saved as a tail object
 * and the new offset, part ETags, tail and SHA-256 state are committed in one conditional update. A failed request
 * (checksum mismatch, too large, refused content, lost lease) commits nothing, so {@code Upload-Offset} never moves
 * for it; a connection cut mid-body commits what arrived (unless a checksum was announced, which cannot be checked).
 */
@Component
class TusWriter {

    private static final Logger log = LoggerFactory.getLogger(TusWriter.class);
    private static final int BUFFER = 256 * 1024;
    static final HttpStatusCode CHECKSUM_MISMATCH = HttpStatusCode.valueOf(460);

    private final ObjectStore store;
    private final MultipartUploads multipart;
    private final Uploads uploads;
    private final UploadFinisher finisher;
    private final UploadsProperties properties;
    private final Clock clock = Clock.systemUTC();

    TusWriter(ObjectStore store, Uploads uploads, UploadFinisher finisher, UploadsProperties properties)
            throws IOException {
        this.store = store;
        this.multipart = store.multipart();
        this.uploads = uploads;
        this.finisher = finisher;
        this.properties = properties;
        Files.createDirectories(properties.spoolDir());
    }

    /**
     * Appends {@code body} to {@code upload} (as committed, read under the lease {@code token}).
     *
     * @return the upload as committed after this request
     */
    Upload append(Upload upload, String token, InputStream body, Checksum checksum) throws IOException {
        // One file receiving and up to parallelParts() uploading.
        Path[] files = new Path[properties.parallelParts() + 1];
        for (int i = 0; i < files.length; i++) {
            files[i] = Files.createTempFile(properties.spoolDir(), "tus-", ".part");
        }
        try {
            return new Append(upload, token, files).run(body, checksum);
        } finally {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The state of one PATCH. */
    private final class Append {
        private final Upload upload;
        private final String token;
        private final Path[] files;
        private final List<String> newEtags = new ArrayList<>();
        private final ContentHash contentHash;
        private int current;
        private FileChannel channel;
        private long spooled;
        private final java.util.ArrayDeque<CompletableFuture<String>> inFlight = new java.util.ArrayDeque<>();
        private ContainerFormat format;
        private String s3UploadId;

        Append(Upload upload, String token, Path[] files) {
            this.upload = upload;
            this.token = token;
            this.files = files;
            this.contentHash = new ContentHash(upload.sha256State());
            this.format = upload.format();
            this.s3UploadId = upload.s3UploadId();
        }

        Upload run(InputStream body, Checksum checksum) throws IOException {
            channel = FileChannel.open(files[current], StandardOpenOption.WRITE, StandardOpenOption.READ,
                    StandardOpenOption.TRUNCATE_EXISTING);
            try {
                if (upload.tailKey() != null) {
                    // The saved hash state ends where the tail starts: the tail is hashed again as it is copied.
                    try (InputStream tail = multipart.read(upload.tailKey(), 0, -1)) {
                        byte[] buffer = new byte[BUFFER];
                        int n;
                        while ((n = tail.read(buffer)) >= 0) {
                            write(buffer, n);
                            contentHash.update(buffer, 0, n);
                            spooled += n;
                        }
                    }
                }
                long received = receive(body, checksum);
                if (received == 0) {
                    return upload;
                }
                return commit(received);
            } catch (IOException | RuntimeException e) {
                awaitQuietly();
                throw e;
            } finally {
                channel.close();
            }
        }

        /** Reads the body into part files; returns the bytes to commit. */
        private long receive(InputStream body, Checksum checksum) throws IOException {
            long room = upload.length() - upload.offset();
            long received = 0;
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    // Never read past a part boundary, so a part is exactly partSize bytes.
                    n = body.read(buffer, 0, (int) Math.min(buffer.length, upload.partSize() - spooled));
                } catch (IOException interrupted) {
                    if (checksum != null) {
                        throw new ApiException(HttpStatus.BAD_REQUEST, "interrupted",
                                "the body ended early, so its checksum cannot be verified; nothing was stored");
                    }
                    log.debug("PATCH of {} interrupted after {} bytes; keeping them", upload.id(), received);
                    return received;
                }
                if (n < 0) {
                    break;
                }
                if (received + n > room) {
                    throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too_large", "the body goes past Upload-Length ("
                            + upload.length() + " bytes); nothing was stored");
                }
                write(buffer, n);
                contentHash.update(buffer, 0, n);
                if (checksum != null) {
                    checksum.update(buffer, 0, n);
                }
                received += n;
                spooled += n;
                sniffIfDue();
                if (spooled == upload.partSize()) {
                    flushPart();
                }
            }
            if (checksum != null && !checksum.matches()) {
                throw new ApiException(CHECKSUM_MISMATCH, "checksum_mismatch", "the body's " + checksum.algorithm()
                        + " does not match Upload-Checksum; nothing was stored", java.util.Map.of());
            }
            return received;
        }

        private void write(byte[] buffer, int length) throws IOException {
            ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, length);
            while (wrapped.hasRemaining()) {
                channel.write(wrapped);
            }
        }

        /** Decides the container from the first bytes as soon as they are here; refuses the upload otherwise. */
        private void sniffIfDue() throws IOException {
            if (format != null || upload.tailStart() != 0 || !newEtags.isEmpty()) {
                return;
            }
            int needed = (int) Math.min(ContainerFormat.SNIFF_BYTES, upload.length());
            if (spooled < needed) {
                return;
            }
            ByteBuffer head = ByteBuffer.allocate(needed);
            while (head.hasRemaining() && channel.read(head, head.position()) >= 0) {
                // positional reads until the head is full
            }
            byte[] bytes = head.array();
            format = ContainerFormat.sniff(bytes, needed).orElseThrow(() -> new RefusedContent(
                    "the file is not a supported video container (it looks like "
                            + ContainerFormat.describe(bytes, needed)
                            + "); accepted: MP4/MOV, WebM/Matroska, MPEG-TS, AVI"));
        }

        /**
         * Hands the full part file to a background upload and continues in the next file, first waiting for the
         * oldest upload when the configured number are in flight (so the next file is free again).
         */
        private void flushPart() throws IOException {
            if (inFlight.size() == files.length - 1) {
                awaitOldest();
            }
            ensureS3Upload();
            int number = upload.partEtags().size() + newEtags.size() + inFlight.size() + 1;
            Path full = files[current];
            channel.close();
            String uploadId = s3UploadId;
            inFlight.addLast(CompletableFuture.supplyAsync(
                    () -> multipart.uploadPart(upload.objectKey(), uploadId, number, full),
                    command -> Thread.ofVirtual().start(command)));
            current = (current + 1) % files.length;
            channel = FileChannel.open(files[current], StandardOpenOption.WRITE, StandardOpenOption.READ,
                    StandardOpenOption.TRUNCATE_EXISTING);
            spooled = 0;
        }

        /** Waits for every part upload in flight, recording their ETags in part order. */
        private void awaitInFlight() throws IOException {
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        private void awaitOldest() throws IOException {
            CompletableFuture<String> oldest = inFlight.removeFirst();
            try {
                newEtags.add(oldest.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while uploading a part", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
            }
        }

        /** After a failure: lets the uploads in flight finish (their files are deleted next), ignoring results. */
        private void awaitQuietly() {
            while (!inFlight.isEmpty()) {
                inFlight.removeFirst().handle((etag, e) -> null).join();
            }
        }

        private void ensureS3Upload() {
            if (s3UploadId == null) {
                if (format == null) {
                    throw new IllegalStateException("a part is flushed before the container is known");
                }
                s3UploadId = multipart.start(upload.objectKey(), format.mimeType(), CacheControl.PRIVATE,
                        ObjectStore.Access.PRIVATE);
                // Recorded at once, so the janitor can abort it even if this request never commits.
                uploads.recordS3Upload(upload.id(), token, s3UploadId);
            }
        }

        private Upload commit(long received) throws IOException {
            awaitInFlight();
            long offset = upload.offset() + received;
            boolean complete = offset == upload.length();
            String tailKey = null;
            if (complete) {
                if (spooled > 0) {
                    flushPart();
                    awaitInFlight();
                }
            } else if (spooled > 0) {
                channel.force(false);
                tailKey = "upload/" + upload.id() + "/tail-" + offset + "-" + token;
                store.putFile(tailKey, files[current], "application/octet-stream", CacheControl.PRIVATE,
                        ObjectStore.Access.PRIVATE);
            }
            List<String> etags = new ArrayList<>(upload.partEtags());
            etags.addAll(newEtags);
            byte[] hashState = complete ? contentHash.finishBlocks()
                    : contentHash.blocksBefore(etags.size() * upload.partSize());
            Upload after = new Upload(upload.id(), upload.ownerId(), upload.kind(), upload.state(), upload.length(),
                    offset, upload.partSize(), upload.objectKey(), s3UploadId, etags, tailKey,
                    hashState, format, upload.metadata(), upload.rawMetadata(), null,
                    upload.version() + 1, clock.instant().plus(properties.expiry()));
            if (!uploads.commit(upload, token, after)) {
                deleteQuietly(tailKey);
                throw new ApiException(HttpStatus.CONFLICT, "upload_changed",
                        "upload " + upload.id() + " changed while this request ran; HEAD it and resume");
            }
            deleteQuietly(upload.tailKey());
            if (complete) {
                finisher.finish(after);
            }
            return after;
        }
    }

    private void deleteQuietly(String key) {
        if (key == null) {
            return;
        }
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            log.warn("could not delete {}: {}", key, e.getMessage());
        }
    }

    /** The upload's first bytes are not an accepted video: the upload can never succeed. */
    static final class RefusedContent extends RuntimeException {
        RefusedContent(String message) {
            super(message);
        }
    }
}
