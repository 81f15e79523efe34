package io.reelpipe.upload.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authenticated creator, from the token's subject.
 *
 * @param id the user id
 */
public record CurrentUser(String id) {

    public static CurrentUser of(Jwt jwt) {
        return new CurrentUser(jwt.getSubject());
    }
}
