package io.reelpipe.upload.uploads;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Resumable (tus) and direct uploads, bound from {@code reelpipe.uploads.*}.
 *
 * @param maxSize         the largest upload accepted ({@code Tus-Max-Size}, direct uploads too)
 * @param partSize        the S3 part size (at least 5 MiB); raised for huge uploads so they fit in 10,000 parts
 * @param expiry          an unfinished upload expires this long after its creation or its last PATCH
 * @param lockLease       how long a PATCH's lease on its upload lasts without renewal (a dead instance's lease ends)
 * @param lockWait        how long a request waits for another request's lease before answering 423
 * @param spoolDir        where a PATCH buffers the part it is receiving (at most two parts per PATCH in flight)
 * @param janitorInterval how often expired uploads are aborted and stalled completions retried
 * @param purgeAfter      how long rows of finished uploads are kept (an expired upload answers 410 until then)
 * @param directUrlTtl    how long presigned part URLs of a direct upload stay valid
 * @param parallelParts   part uploads to S3 a PATCH keeps in flight while it receives the next part (each buffered
 *                        in its own file, so disk use per PATCH is (parallelParts + 1) parts)
 */
@ConfigurationProperties("reelpipe.uploads")
public record UploadsProperties(
        Long maxSize,
        Long partSize,
        Duration expiry,
        Duration lockLease,
        Duration lockWait,
        Path spoolDir,
        Duration janitorInterval,
        Duration purgeAfter,
        Duration directUrlTtl,
        Integer parallelParts) {

    public UploadsProperties {
        maxSize = maxSize == null ? 4L * 1024 * 1024 * 1024 : maxSize;
        partSize = partSize == null ? 8L * 1024 * 1024 : partSize;
        expiry = expiry == null ? Duration.ofHours(24) : expiry;
        lockLease = lockLease == null ? Duration.ofSeconds(30) : lockLease;
        lockWait = lockWait == null ? Duration.ofSeconds(3) : lockWait;
        spoolDir = spoolDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "reelpipe-uploads") : spoolDir;
        janitorInterval = janitorInterval == null ? Duration.ofMinutes(1) : janitorInterval;
        purgeAfter = purgeAfter == null ? Duration.ofDays(7) : purgeAfter;
        directUrlTtl = directUrlTtl == null ? Duration.ofHours(6) : directUrlTtl;
        parallelParts = parallelParts == null ? 4 : parallelParts;
        if (parallelParts < 1 || parallelParts > 32) {
            throw new IllegalArgumentException("reelpipe.uploads.parallel-parts must be 1..32, got " + parallelParts);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("reelpipe.uploads.max-size must be positive, got " + maxSize);
        }
        if (partSize < 5L * 1024 * 1024 || partSize > 1024L * 1024 * 1024 || partSize % ContentHash.BLOCK != 0) {
            throw new IllegalArgumentException(
                    "reelpipe.uploads.part-size must be a whole number of MiB, 5 MiB..1 GiB, got " + partSize);
        }
        for (Duration d : new Duration[] {expiry, lockLease, janitorInterval, purgeAfter, directUrlTtl}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("reelpipe.uploads durations must be positive, got " + d);
            }
        }
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("reelpipe.uploads.lock-wait must not be negative, got " + lockWait);
        }
        if (lockLease.toMillis() < 3000) {
            throw new IllegalArgumentException("reelpipe.uploads.lock-lease must be at least 3s, got " + lockLease);
        }
    }

    /** The part size for an upload of {@code length} bytes: the configured one, or larger to stay in 10,000 parts. */
    public long partSizeFor(long length) {
        long needed = Math.ceilDiv(length, 10_000L);
        long mib = 1024L * 1024;
        return Math.max(partSize, Math.ceilDiv(needed, mib) * mib);
    }
}
