package io.reelpipe.upload.security;

import java.util.regex.Pattern;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authenticated creator, from the token's subject.
 *
 * @param id the user id
 */
public record CurrentUser(String id) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    public static CurrentUser of(Jwt jwt) {
        return new CurrentUser(jwt.getSubject());
    }

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
