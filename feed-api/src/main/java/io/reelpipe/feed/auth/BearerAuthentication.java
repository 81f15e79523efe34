package io.reelpipe.feed.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.reelpipe.core.security.BearerTokens;
import io.reelpipe.core.security.JwtProperties;
import io.reelpipe.feed.activity.ActivityTracker;
import io.reelpipe.feed.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Finds the viewer of a request from its {@code Authorization: Bearer} header. No header is an anonymous request; a
 * header that is not a valid token is a 401, never silently anonymous. A token already verified is remembered (by its
 * exact text, until it expires, at most a few minutes) so a scrolling client does not pay an RSA verification per
 * page. Every authenticated request marks its viewer active, for the recommendation job.
 */
@Component
final class BearerAuthentication {

    private static final String BEARER = "Bearer ";
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final JwtDecoder decoder;
    private final ActivityTracker activity;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    BearerAuthentication(JwtProperties properties, ActivityTracker activity) {
        this.decoder = BearerTokens.decoder(properties);
        this.activity = activity;
    }

    /**
     * The request's viewer, or empty without an {@code Authorization} header.
     *
     * @throws ApiException 401 when the header is there but not a valid bearer token
     */
    Optional<Viewer> viewer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized("invalid_token", "the Authorization header must be 'Bearer <token>'",
                    true);
        }
        String token = header.substring(BEARER.length()).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw ApiException.unauthorized("invalid_token", "the bearer token is empty or too long", true);
        }
        Verified known = verified.getIfPresent(token);
        Instant now = Instant.now();
        if (known == null || !known.expiresAt().isAfter(now)) {
            known = verify(token);
            verified.put(token, known);
        }
        activity.touch(known.viewer().id());
        return Optional.of(known.viewer());
    }

    private Verified verify(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            throw ApiException.unauthorized("invalid_token",
                    "the bearer token is not valid: " + ApiException.quote(e.getMessage()), true);
        }
        return new Verified(new Viewer(jwt.getSubject()), jwt.getExpiresAt());
    }

    private record Verified(Viewer viewer, Instant expiresAt) {}
}
