package io.reelpipe.upload.video;

import io.reelpipe.upload.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The metadata a creator may set on upload, whatever the upload path (form fields, tus {@code Upload-Metadata}, the
 * direct upload's JSON). Only these fields exist: status, owner and counters are not settable, and an unknown field is
 * refused rather than ignored, so mass assignment cannot happen.
 *
 * @param title          1-150 characters, no control characters; "Untitled" when absent
 * @param description    up to 2200 characters
 * @param visibility     {@code PUBLIC}, {@code UNLISTED} or {@code PRIVATE}; {@code PUBLIC} when absent
 * @param hashtags       lower-case tags without '#', from the description and the explicit {@code hashtags} field
 *                       (comma- or space-separated), at most {@value #MAX_HASHTAGS}, each letters, digits and '_'
 * @param soundId        the sound the video uses, if any
 * @param seriesId       the creator's series the video belongs to, if any (with a position)
 * @param seriesPosition its 1-based position in the series (with a series)
 * @param posterAtMs     the creator's choice of poster frame in milliseconds from the start, if any (the thumbnail
 *                       worker keeps it inside the video)
 */
public record VideoMetadata(
        String title,
        String description,
        String visibility,
        List<String> hashtags,
        UUID soundId,
        UUID seriesId,
        Integer seriesPosition,
        Long posterAtMs) {

    static final int MAX_HASHTAGS = 30;
    static final Set<String> FIELDS =
            Set.of("title", "description", "visibility", "hashtags", "soundId", "seriesId", "seriesPosition",
                    "posterAtMs");
    private static final Set<String> VISIBILITIES = Set.of("PUBLIC", "UNLISTED", "PRIVATE");
    // Letters, decimal digits and '_': what the videos.hashtags check accepts.
    private static final Pattern TAG_IN_TEXT = Pattern.compile("#([\\p{L}\\p{Nd}_]{1,100})");
    private static final Pattern TAG = Pattern.compile("#?([\\p{L}\\p{Nd}_]{1,100})");

    public VideoMetadata {
        hashtags = List.copyOf(hashtags);
    }

    /** Validates fields by name; throws a 400 naming the bad field. */
    public static VideoMetadata of(Map<String, String> fields) {
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw invalid("unknown_field", "unknown field '" + truncate(name) + "'; accepted fields: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)));
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
            throw invalid("invalid_field",
                    "visibility must be one of public, unlisted, private; got '" + truncate(visibility) + "'");
        }
        List<String> hashtags = hashtags(description, fields.getOrDefault("hashtags", ""));
        UUID soundId = uuid(fields, "soundId");
        UUID seriesId = uuid(fields, "seriesId");
        Integer seriesPosition = null;
        String position = fields.getOrDefault("seriesPosition", "").strip();
        if (position.isEmpty() != (seriesId == null)) {
            throw invalid("invalid_field", "seriesId and seriesPosition go together: give both or neither");
        }
        if (!position.isEmpty()) {
            if (!position.matches("[0-9]{1,5}") || Integer.parseInt(position) < 1 || Integer.parseInt(position) > 10_000) {
                throw invalid("invalid_field", "seriesPosition must be a whole number 1..10000; got '"
                        + truncate(position) + "'");
            }
            seriesPosition = Integer.parseInt(position);
        }
        Long posterAtMs = null;
        String poster = fields.getOrDefault("posterAtMs", "").strip();
        if (!poster.isEmpty()) {
            if (!poster.matches("[0-9]{1,9}")) {
                throw invalid("invalid_field", "posterAtMs must be a whole number of milliseconds from the start; got '"
                        + truncate(poster) + "'");
            }
            posterAtMs = Long.parseLong(poster);
        }
        return new VideoMetadata(title, description, visibility, hashtags, soundId, seriesId, seriesPosition,
                posterAtMs);
    }

    private static List<String> hashtags(String description, String explicit) {
        Set<String> tags = new LinkedHashSet<>();
        for (String token : explicit.split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            Matcher m = TAG.matcher(token);
            if (!m.matches()) {
                throw invalid("invalid_field", "hashtag '" + truncate(token)
                        + "' may only contain letters, digits and '_' (1-100 of them)");
            }
            tags.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        Matcher inText = TAG_IN_TEXT.matcher(description);
        while (inText.find()) {
            tags.add(inText.group(1).toLowerCase(Locale.ROOT));
        }
        if (tags.size() > MAX_HASHTAGS) {
            throw invalid("invalid_field", "a video has at most " + MAX_HASHTAGS + " hashtags; got " + tags.size());
        }
        return new ArrayList<>(tags);
    }

    private static UUID uuid(Map<String, String> fields, String name) {
        String value = fields.getOrDefault(name, "").strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException("length");
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_field", name + " must be a UUID; got '" + truncate(value) + "'");
        }
    }

    private static void check(String field, String value, int maxCodePoints, boolean newlines) {
        int length = value.codePointCount(0, value.length());
        if (length > maxCodePoints) {
            throw invalid("invalid_field",
                    field + " is " + length + " characters; at most " + maxCodePoints + " are allowed");
        }
        boolean bad = value.codePoints().anyMatch(c -> (Character.getType(c) == Character.CONTROL
                        && !(newlines && (c == '\n' || c == '\r' || c == '\t')))
                || Character.getType(c) == Character.FORMAT && c != 0x200D);
        if (bad) {
            throw invalid("invalid_field", field + " contains control or invisible formatting characters");
        }
    }

    private static ApiException invalid(String error, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, error, message);
    }

    private static String truncate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
