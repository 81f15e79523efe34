package io.reelpipe.feed.auth;

import io.reelpipe.core.security.BearerTokens;
import io.reelpipe.core.security.JwtProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Bearer tokens as every ReelPipe service accepts them ({@link BearerTokens}: RS256 pinned, issuer, audience, expiry).
 * The feed verifies them itself rather than through Spring Security's filter chain: most of its endpoints are open to
 * anonymous viewers, and a cached page should cost as little as possible.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtProperties.class)
class AuthConfiguration {

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return BearerTokens.decoder(properties);
    }
}
