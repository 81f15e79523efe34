package io.reelpipe.core.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Browsers that may call a service's API from another origin (the web page upload-api serves calls feed-api), bound
 * from {@code reelpipe.cors.*} by each service that answers browsers. None by default: no CORS headers at all.
 *
 * @param allowedOrigins exact origins such as {@code https://creators.example.com}
 * @param maxAge         how long a browser may cache a preflight answer
 */
@ConfigurationProperties("reelpipe.cors")
public record CorsProperties(List<String> allowedOrigins, Duration maxAge) {

    public CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        maxAge = maxAge == null ? Duration.ofHours(1) : maxAge;
        for (String origin : allowedOrigins) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("reelpipe.cors.allowed-origins must be exact origins like "
                        + "https://host[:port], got '" + origin + "'");
            }
        }
    }
}
