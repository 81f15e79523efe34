package io.reelpipe.feed.auth;

/**
 * The signed-in user a request acts for, from its verified bearer token. Controllers take a {@code Viewer} parameter
 * where a token is required (401 without one) and an {@code Optional<Viewer>} where it is not.
 *
 * @param id the token's subject, a valid user id (see {@link io.reelpipe.core.security.BearerTokens})
 */
public record Viewer(String id) {}
