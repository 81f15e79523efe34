package io.reelpipe.feed.auth;

import io.reelpipe.core.security.JwtProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Bearer tokens as every ReelPipe service accepts them ({@link io.reelpipe.core.security.BearerTokens}: RS256 pinned,
 * issuer, audience, expiry), configured from {@code reelpipe.jwt.*}. The feed verifies them itself
 * ({@link BearerAuthentication}) rather than through Spring Security's filter chain: most of its endpoints are open to
 * anonymous viewers, and a cached page should cost as little as possible. The decoder is deliberately not a bean, so
 * no resource-server auto-configuration takes it as a cue where Spring Security happens to be on the class path.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtProperties.class)
class AuthConfiguration {}
