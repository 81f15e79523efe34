package io.reelpipe.cache.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An HTTP response body together with its strong {@code ETag}, as one byte array a cache can hold: a hit is sent as
 * stored and answers {@code If-None-Match} without hashing the body again.
 *
 * <p>The ETag is a quoted base64url string of the first 144 bits of the body's SHA-256, so equal bodies have equal tags
 * on every instance and a changed body a different one. The encoded form is
 * {@code [version 1][tag length n][n tag bytes][body]}; {@link #decode} reads it without copying the body.
 */
public final class CachedBody {

    private static final byte VERSION = 1;
    private static final int TAG_HASH_BYTES = 18;

    private final byte[] bytes;
    private final int bodyOffset;
    private final String etag;

    private CachedBody(byte[] bytes, int bodyOffset, String etag) {
        this.bytes = bytes;
        this.bodyOffset = bodyOffset;
        this.etag = etag;
    }

    /** The body with its ETag computed. */
    public static CachedBody of(byte[] body) {
        Objects.requireNonNull(body, "body");
        String etag = etagOf(body);
        byte[] tag = etag.getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = new byte[2 + tag.length + body.length];
        encoded[0] = VERSION;
        encoded[1] = (byte) tag.length;
        System.arraycopy(tag, 0, encoded, 2, tag.length);
        System.arraycopy(body, 0, encoded, 2 + tag.length, body.length);
        return new CachedBody(encoded, 2 + tag.length, etag);
    }

    /**
     * Reads what {@link #encode()} produced; the result shares {@code encoded}.
     *
     * @throws IllegalArgumentException when {@code encoded} is not in that format
     */
    public static CachedBody decode(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.length < 2 || encoded[0] != VERSION) {
            throw new IllegalArgumentException("not an encoded cached body (version byte)");
        }
        int tagLength = encoded[1] & 0xff;
        if (tagLength < 2 || encoded.length < 2 + tagLength || encoded[2] != '"' || encoded[1 + tagLength] != '"') {
            throw new IllegalArgumentException("not an encoded cached body (entity tag)");
        }
        String etag = new String(encoded, 2, tagLength, StandardCharsets.US_ASCII);
        return new CachedBody(encoded, 2 + tagLength, etag);
    }

    /** The form to store in a cache: tag and body in one array. Shared, not copied: do not modify it. */
    public byte[] encode() {
        return bytes;
    }

    /** The strong entity tag, quoted, as it goes in the {@code ETag} header. */
    public String etag() {
        return etag;
    }

    /** The body's length in bytes, for {@code Content-Length}. */
    public int length() {
        return bytes.length - bodyOffset;
    }

    /** Writes the body, without copying it first. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, bodyOffset, length());
    }

    /** The body as a read-only buffer over the stored array, for servers that write buffers: no copy. */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(bytes, bodyOffset, length()).slice().asReadOnlyBuffer();
    }

    /** A copy of the body. */
    public byte[] body() {
        return Arrays.copyOfRange(bytes, bodyOffset, bytes.length);
    }

    private static String etagOf(byte[] body) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] hash = Arrays.copyOf(sha256.digest(body), TAG_HASH_BYTES);
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + '"';
    }
}
