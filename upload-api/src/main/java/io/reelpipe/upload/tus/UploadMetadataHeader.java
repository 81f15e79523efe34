package io.reelpipe.upload.tus;

import io.reelpipe.upload.web.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * The tus {@code Upload-Metadata} header: comma-separated pairs of a key and a base64 value. Keys that clients send
 * for their own bookkeeping (the file's name and type) are dropped, since the content decides the type; every other
 * key must be a {@link io.reelpipe.upload.video.VideoMetadata} field.
 */
final class UploadMetadataHeader {

    /** Keys tus clients commonly send that say nothing the server uses. */
    static final Set<String> INFORMATIONAL = Set.of("filename", "filetype", "name", "type", "contentType");

    private UploadMetadataHeader() {}

    static Map<String, String> parse(String header) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return fields;
        }
        for (String pair : header.split(",", -1)) {
            String[] parts = pair.strip().split(" ", -1);
            if (parts.length > 2 || parts[0].isEmpty() || !parts[0].matches("[\\x21-\\x7e]{1,64}")) {
                throw bad("each Upload-Metadata pair must be '<key> <base64 value>' with a printable ASCII key");
            }
            String key = parts[0];
            String value = parts.length == 2 ? decode(key, parts[1]) : "";
            if (fields.containsKey(key)) {
                throw bad("Upload-Metadata key '" + key + "' appears twice");
            }
            fields.put(key, value);
        }
        INFORMATIONAL.forEach(fields::remove);
        return fields;
    }

    private static String decode(String key, String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException e) {
            throw bad("the Upload-Metadata value of '" + key + "' is not valid base64");
        } catch (CharacterCodingException e) {
            throw bad("the Upload-Metadata value of '" + key + "' is not UTF-8 text");
        }
    }

    private static ApiException bad(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_metadata", message);
    }
}
