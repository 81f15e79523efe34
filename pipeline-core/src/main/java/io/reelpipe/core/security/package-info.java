/**
 * Bearer-token verification shared by the HTTP services: {@link io.reelpipe.core.security.JwtProperties} (bound from
 * {@code reelpipe.jwt.*}) and {@link io.reelpipe.core.security.BearerTokens} (the RS256 decoder and its validators).
 */
package io.reelpipe.core.security;
