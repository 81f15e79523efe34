package io.reelpipe.upload.video;

import io.reelpipe.upload.web.ApiException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * The metadata a creator may set on upload. Only these fields exist: status, owner and counters are not settable,
 * and an unknown field is refused rather than ignored, so mass assignment cannot happen.
 *
 * @param title       1-150 characters, no control characters; "Untitled" when absent
 * @param description up to 2200 characters
 * @param visibility  {@code PUBLIC}, {@code UNLISTED} or {@code PRIVATE}; {@code PUBLIC} when absent
 */
public record VideoMetadata(String title, String description, String visibility) {

    static final Set<String> FIELDS = Set.of("title", "description", "visibility");
    private static final Set<String> VISIBILITIES = Set.of("PUBLIC", "UNLISTED", "PRIVATE");

    /** Validates form fields; throws a 400 naming the bad field. */
    public static VideoMetadata of(Map<String, String> fields) {
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "unknown_field",
                        "unknown field '" + truncate(name) + "'; accepted fields: file, title, description, visibility");
            }
        }
        String title = fields.getOrDefault("title", "").strip();
        if (title.isEmpty()) {
            title = "Untitled";
        }
        String description = fields.getOrDefault("description", "").strip();
        String visibility = fields.getOrDefault("visibility", "PUBLIC").strip().toUpperCase(Locale.ROOT);
        check("title", title, 150, false);
        check("description", description, 2200, true);
        if (!VISIBILITIES.contains(visibility)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_field",
                    "visibility must be one of public, unlisted, private; got '" + truncate(visibility) + "'");
        }
        return new VideoMetadata(title, description, visibility);
    }

    private static void check(String field, String value, int maxCodePoints, boolean newlines) {
        int length = value.codePointCount(0, value.length());
        if (length > maxCodePoints) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_field",
                    field + " is " + length + " characters; at most " + maxCodePoints + " are allowed");
        }
        boolean bad = value.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                && !(newlines && (c == '\n' || c == '\r' || c == '\t')));
        if (bad) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_field", field + " contains control characters");
        }
    }

    private static String truncate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
