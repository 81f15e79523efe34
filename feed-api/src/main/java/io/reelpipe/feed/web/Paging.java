package io.reelpipe.feed.web;

/** The paging rules every list endpoint shares: page size and keyset cursor. */
public final class Paging {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 50;

    private Paging() {}

    /**
     * {@code limit} when it is a valid page size.
     *
     * @throws ApiException 400 {@code invalid_limit} naming the value otherwise
     */
    public static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit",
                    "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    /**
     * The cursor a client sent for a list ordered by {@code keyset}; {@code null} for the first page (no cursor, or an
     * empty one: clients often send a null nextCursor back as "").
     *
     * @throws ApiException 400 {@code invalid_cursor} saying why it is not a cursor of such a list
     */
    public static PageCursor cursor(String cursor, PageCursor.Keyset keyset) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return PageCursor.decode(cursor, keyset);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_cursor",
                    "cursor " + ApiException.quote(cursor) + " is invalid: " + e.getMessage()
                            + "; pass back the nextCursor of a previous page of the same list unchanged");
        }
    }
}
