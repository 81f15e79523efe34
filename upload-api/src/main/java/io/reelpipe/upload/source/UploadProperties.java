package io.reelpipe.upload.source;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Upload limits, bound from {@code reelpipe.upload.*}.
 *
 * @param maxMultipartBytes largest file accepted by the multipart form endpoint
 * @param maxFieldBytes     largest text field of the form
 * @param reuseIdenticalContent whether a creator's re-upload of identical content reuses the finished renditions
 *                          (off only for benchmarks that upload one file many times to measure processing)
 */
@ConfigurationProperties("reelpipe.upload")
public record UploadProperties(Long maxMultipartBytes, Integer maxFieldBytes, Boolean reuseIdenticalContent) {

    public UploadProperties {
        maxMultipartBytes = maxMultipartBytes == null ? 512L * 1024 * 1024 : maxMultipartBytes;
        maxFieldBytes = maxFieldBytes == null ? 16 * 1024 : maxFieldBytes;
        reuseIdenticalContent = reuseIdenticalContent == null || reuseIdenticalContent;
        if (maxMultipartBytes < 1024) {
            throw new IllegalArgumentException("reelpipe.upload.max-multipart-bytes must be at least 1024, got " + maxMultipartBytes);
        }
        if (maxFieldBytes < 256) {
            throw new IllegalArgumentException("reelpipe.upload.max-field-bytes must be at least 256, got " + maxFieldBytes);
        }
    }
}
