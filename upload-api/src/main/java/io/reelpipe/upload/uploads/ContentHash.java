package io.reelpipe.upload.uploads;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The content hash of an upload, the key of identical-content reuse: the SHA-256 of the concatenated SHA-256 digests
 * of consecutive 1 MiB blocks (the last one may be shorter), the scheme Dropbox uses for its content hash with 4 MiB
 * blocks. Unlike one plain SHA-256, its state between two requests of a resumable upload is just the digests of the
 * finished blocks, so it resumes on any instance and runs on the JDK's hardware-accelerated SHA-256; tus part
 * boundaries are whole MiB, so every part and tail starts a block. Identical files have identical content hashes
 * whatever path uploaded them.
 */
public final class ContentHash {

    /** Block size; part sizes are multiples of it. */
    public static final int BLOCK = 1024 * 1024;

    private final ByteArrayOutputStream digests = new ByteArrayOutputStream();
    private final MessageDigest block = sha256();
    private int inBlock;

    public ContentHash() {}

    /** Resumes after the blocks whose digests are given (as {@link #blocksBefore} returned them). */
    public ContentHash(byte[] finishedBlocks) {
        if (finishedBlocks != null) {
            digests.writeBytes(finishedBlocks);
        }
    }

    public void update(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, BLOCK - inBlock);
            block.update(bytes, offset, n);
            inBlock += n;
            offset += n;
            length -= n;
            if (inBlock == BLOCK) {
                digests.writeBytes(block.digest());
                inBlock = 0;
            }
        }
    }

    /** The digests of the blocks before {@code offset} (a multiple of {@link #BLOCK}): the state to save. */
    public byte[] blocksBefore(long offset) {
        if (offset % BLOCK != 0) {
            throw new IllegalArgumentException("offset " + offset + " is not at a block boundary");
        }
        return Arrays.copyOf(digests.toByteArray(), (int) (offset / BLOCK) * 32);
    }

    /** Ends the last (short) block, if any, and returns every block's digest: the state of a complete upload. */
    public byte[] finishBlocks() {
        if (inBlock > 0 || digests.size() == 0) {
            digests.writeBytes(block.digest());
            inBlock = 0;
        }
        return digests.toByteArray();
    }

    /** The content hash of a complete file, in hex. */
    public String finish() {
        return hex(finishBlocks());
    }

    /** The content hash from the state of a complete upload ({@link #finishBlocks}). */
    public static String hex(byte[] allBlocks) {
        return HexFormat.of().formatHex(sha256().digest(allBlocks));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
