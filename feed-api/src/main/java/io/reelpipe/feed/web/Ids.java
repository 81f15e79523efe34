package io.reelpipe.feed.web;

import io.reelpipe.core.security.BearerTokens;

/** Checks of ids that arrive in paths. (UUIDs are checked by Spring's conversion, as {@code invalid_id}.) */
public final class Ids {

    private Ids() {}

    /**
     * {@code id} when it is a well-formed user id.
     *
     * @throws ApiException 400 {@code invalid_id} naming the value otherwise
     */
    public static String userId(String id) {
        if (!BearerTokens.isValidUserId(id)) {
            throw ApiException.badRequest("invalid_id", "user id " + ApiException.quote(id)
                    + " must be 1-128 of [A-Za-z0-9._@-] starting with a letter or digit");
        }
        return id;
    }
}
