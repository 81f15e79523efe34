package io.reelpipe.core.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The containers ReelPipe accepts, decided from the file's first bytes (never its name), each mapped to the one
 * ffmpeg demuxer allowed to read it. Forcing the demuxer means ffmpeg never probes its way into a playlist, concat or
 * image-sequence demuxer, whatever the file pretends to be.
 */
public enum ContainerFormat {
    MP4("mov", "video/mp4"),
    MATROSKA("matroska", "video/x-matroska"),
    MPEG_TS("mpegts", "video/mp2t"),
    AVI("avi", "video/x-msvideo");

    /** Bytes of the head that {@link #sniff} needs to decide. */
    public static final int SNIFF_BYTES = 1024;

    private final String demuxer;
    private final String mimeType;

    ContainerFormat(String demuxer, String mimeType) {
        this.demuxer = demuxer;
        this.mimeType = mimeType;
    }

    /** The ffmpeg demuxer forced with {@code -f} and allowed by {@code -format_whitelist}. */
    public String demuxer() {
        return demuxer;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The container the head of a file says it is, if it is one we accept. */
    public static Optional<ContainerFormat> sniff(byte[] head, int length) {
        if (length >= 12 && isIsoBmffBox(head)) {
            return Optional.of(MP4);
        }
        if (length >= 4 && (head[0] & 0xff) == 0x1A && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xDF
                && (head[3] & 0xff) == 0xA3) {
            return Optional.of(MATROSKA);
        }
        if (length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("AVI ")) {
            return Optional.of(AVI);
        }
        if (length >= 377 && head[0] == 0x47 && head[188] == 0x47 && head[376] == 0x47) {
            return Optional.of(MPEG_TS);
        }
        return Optional.empty();
    }

    /** A few words on what an unaccepted head looks like, for the error a creator sees. */
    public static String describe(byte[] head, int length) {
        if (length == 0) {
            return "an empty file";
        }
        String start = ascii(head, 0, Math.min(length, 16)).stripLeading();
        if (start.startsWith("#EXTM3U")) {
            return "an HLS playlist";
        }
        if (start.startsWith("ffconcat") || start.startsWith("file ")) {
            return "an ffmpeg concat script";
        }
        if (length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
            return "a JPEG image";
        }
        if (start.startsWith("\u0089PNG")) {
            return "a PNG image";
        }
        if (start.startsWith("GIF8")) {
            return "a GIF image";
        }
        if (looksLikeText(head, length)) {
            return "a text file";
        }
        return "data of an unknown type";
    }

    private static boolean isIsoBmffBox(byte[] head) {
        String type = ascii(head, 4, 4);
        return switch (type) {
            case "ftyp", "moov", "mdat", "wide", "free", "skip", "styp" -> true;
            default -> false;
        };
    }

    private static boolean looksLikeText(byte[] head, int length) {
        int n = Math.min(length, 512);
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        if (offset + length > bytes.length) {
            return "";
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
