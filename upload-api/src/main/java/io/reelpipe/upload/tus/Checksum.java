package io.reelpipe.upload.tus;

import io.reelpipe.upload.web.ApiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The tus checksum extension: an {@code Upload-Checksum: <algorithm> <base64 digest>} header over one PATCH body.
 */
final class Checksum {

    /** Supported algorithms, by their tus names, in the order {@code Tus-Checksum-Algorithm} lists them. */
    static final Map<String, String> ALGORITHMS = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
            Map.of("sha1", "SHA-1", "sha256", "SHA-256", "md5", "MD5")));

    private final String algorithm;
    private final MessageDigest digest;
    private final byte[] expected;

    private Checksum(String algorithm, MessageDigest digest, byte[] expected) {
        this.algorithm = algorithm;
        this.digest = digest;
        this.expected = expected;
    }

    /** Parses the header; {@code null} when absent. 400 for a malformed header or an unsupported algorithm. */
    static Checksum parse(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.strip().split(" ");
        if (parts.length != 2) {
            throw bad("Upload-Checksum must be '<algorithm> <base64 digest>'");
        }
        String name = parts[0];
        String jdkName = ALGORITHMS.get(name);
        if (jdkName == null) {
            throw bad("checksum algorithm '" + (name.length() > 20 ? name.substring(0, 20) : name)
                    + "' is not supported; supported: " + String.join(",", ALGORITHMS.keySet()));
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw bad("the Upload-Checksum digest is not valid base64");
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(jdkName);
            if (expected.length != digest.getDigestLength()) {
                throw bad("a " + name + " digest is " + digest.getDigestLength() + " bytes, not " + expected.length);
            }
            return new Checksum(name, digest, expected);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no " + jdkName, e);
        }
    }

    void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    boolean matches() {
        return MessageDigest.isEqual(digest.digest(), expected);
    }

    String algorithm() {
        return algorithm;
    }

    private static ApiException bad(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_checksum", message);
    }
}
