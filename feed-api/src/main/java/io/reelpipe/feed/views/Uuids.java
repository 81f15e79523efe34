package io.reelpipe.feed.views;

import java.util.UUID;

/**
 * Strict UUID text: 36 characters, hyphens at 8, 13, 18 and 23, hex digits elsewhere. {@link UUID#fromString} also
 * takes shortened forms such as {@code 1-1-1-1-1}, which a client never means.
 */
final class Uuids {

    private Uuids() {}

    /** The UUID {@code text} spells, or {@code null} when it is not one. */
    static UUID parse(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        long most = 0;
        long least = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int value = Character.digit(c, 16);
            if (value < 0 || c > 'f') {
                return null;
            }
            if (digits < 16) {
                most = most << 4 | value;
            } else {
                least = least << 4 | value;
            }
            digits++;
        }
        return new UUID(most, least);
    }
}
