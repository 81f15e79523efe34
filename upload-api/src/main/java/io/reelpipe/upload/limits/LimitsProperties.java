package io.reelpipe.upload.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-creator quotas and rate limits, bound from {@code reelpipe.limits.*}.
 *
 * @param keyPrefix            prefix of the Redis keys (one per deployment)
 * @param requestsPerMinute    API requests a creator may make per minute, all endpoints together
 * @param uploadsPerMinute     uploads a creator may start per minute
 * @param uploadsPerDay        uploads a creator may start per UTC day
 * @param concurrentUploads    unfinished resumable or direct uploads a creator may have at once
 * @param storageBytes         bytes of sources a creator may keep, unfinished uploads included
 */
@ConfigurationProperties("reelpipe.limits")
public record LimitsProperties(
        String keyPrefix,
        Integer requestsPerMinute,
        Integer uploadsPerMinute,
        Integer uploadsPerDay,
        Integer concurrentUploads,
        Long storageBytes) {

    public LimitsProperties {
        keyPrefix = keyPrefix == null || keyPrefix.isBlank() ? "reelpipe:limits" : keyPrefix;
        requestsPerMinute = requestsPerMinute == null ? 1200 : requestsPerMinute;
        uploadsPerMinute = uploadsPerMinute == null ? 30 : uploadsPerMinute;
        uploadsPerDay = uploadsPerDay == null ? 500 : uploadsPerDay;
        concurrentUploads = concurrentUploads == null ? 10 : concurrentUploads;
        storageBytes = storageBytes == null ? 50L * 1024 * 1024 * 1024 : storageBytes;
        if (!keyPrefix.matches("[A-Za-z0-9:._-]{1,64}")) {
            throw new IllegalArgumentException("reelpipe.limits.key-prefix must be 1-64 of [A-Za-z0-9:._-], got '"
                    + keyPrefix + "'");
        }
        if (requestsPerMinute < 1 || uploadsPerMinute < 1 || uploadsPerDay < 1 || concurrentUploads < 1
                || storageBytes < 1) {
            throw new IllegalArgumentException("reelpipe.limits values must be positive, got " + requestsPerMinute
                    + ", " + uploadsPerMinute + ", " + uploadsPerDay + ", " + concurrentUploads + ", " + storageBytes);
        }
    }
}
