package io.reelpipe.core.storage;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where media objects live and how viewers reach them, bound from {@code reelpipe.storage.*}.
 *
 * @param endpoint      the S3 API endpoint; empty for AWS itself
 * @param region        the signing region
 * @param bucket        the media bucket (sources, HLS and images)
 * @param accessKey     S3 access key id
 * @param secretKey     S3 secret key
 * @param publicBaseUrl the CDN edge base URL under which {@code <bucket>/<key>} is served to players
 * @param timeout       the time one S3 call may take, retries included
 */
@ConfigurationProperties("reelpipe.storage")
public record StorageProperties(
        URI endpoint,
        String region,
        String bucket,
        String accessKey,
        String secretKey,
        URI publicBaseUrl,
        Duration timeout) {

    public StorageProperties {
        region = region == null || region.isBlank() ? "us-east-1" : region;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("reelpipe.storage.bucket must be a valid S3 bucket name, got '" + bucket + "'");
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("reelpipe.storage.access-key and secret-key must be set");
        }
        if (publicBaseUrl == null || !publicBaseUrl.isAbsolute()) {
            throw new IllegalArgumentException(
                    "reelpipe.storage.public-base-url must be an absolute URL, got '" + publicBaseUrl + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reelpipe.storage.timeout must be positive, got " + timeout);
        }
    }

    /** The URL players use for an object: through the CDN edge, never the S3 endpoint. */
    public String publicUrl(String key) {
        String base = publicBaseUrl.toString();
        return (base.endsWith("/") ? base : base + "/") + bucket + "/" + key;
    }
}
