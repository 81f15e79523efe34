package io.reelpipe.core.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified, bound from {@code reelpipe.jwt.*} by every service that accepts them (upload-api,
 * feed-api; see {@link BearerTokens}). The algorithm is pinned to RS256; only the public key is configured here, the
 * signing key stays with the issuer.
 *
 * @param publicKey the PEM file of the issuer's RSA public key
 * @param issuer    the required {@code iss}
 * @param audience  the required member of {@code aud}
 * @param clockSkew tolerated clock difference for {@code exp} and {@code nbf}
 */
@ConfigurationProperties("reelpipe.jwt")
public record JwtProperties(Path publicKey, String issuer, String audience, Duration clockSkew) {

    public JwtProperties {
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        if (publicKey == null || !Files.isReadable(publicKey)) {
            throw new IllegalArgumentException("reelpipe.jwt.public-key must name a readable PEM file, got '"
                    + publicKey + "' (bin/reelpipe up generates one under var/keys)");
        }
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("reelpipe.jwt.issuer and reelpipe.jwt.audience must be set");
        }
    }
}
