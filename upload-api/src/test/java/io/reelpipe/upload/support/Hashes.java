package io.reelpipe.upload.support;

import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.upload.uploads.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** SHA-256 of test files and of the sources upload-api stored, to prove an upload arrived byte for byte. */
public final class Hashes {

    private Hashes() {}

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The {@link ContentHash} of a file, as upload-api records it in {@code videos.source_sha256}. */
    public static String contentHash(byte[] bytes) {
        ContentHash hash = new ContentHash();
        hash.update(bytes, 0, bytes.length);
        return hash.finish();
    }

    public static String contentHash(Path file) throws IOException {
        return contentHash(Files.readAllBytes(file));
    }

    /** The SHA-256 of the source object of video {@code id}, streamed from the bucket. */
    public static String storedSha256(ObjectStore store, UUID id) throws IOException {
        try (InputStream in = store.multipart().read(StorageKeys.source(id), 0, -1)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
