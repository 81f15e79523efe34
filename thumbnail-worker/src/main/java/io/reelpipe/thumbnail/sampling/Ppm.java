package io.reelpipe.thumbnail.sampling;

import io.reelpipe.core.media.MediaRejectedException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the binary PPM ({@code P6}, 8-bit) frames ffmpeg writes for analysis and the storyboard. The format is a short
 * text header and raw RGB; the header is checked against the size limit before any pixel buffer is allocated, so a
 * wrong size can never make the worker allocate more than a small frame.
 */
final class Ppm {

    private Ppm() {}

    static RgbFrame read(Path file, int maxSide) throws IOException, MediaRejectedException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            if (in.read() != 'P' || in.read() != '6') {
                throw new IOException(file.getFileName() + " is not a binary PPM");
            }
            int width = headerNumber(in);
            int height = headerNumber(in);
            int maxValue = headerNumber(in);
            if (width < 1 || height < 1 || width > maxSide || height > maxSide) {
                throw new MediaRejectedException("a sampled frame is " + width + "x" + height
                        + " pixels; at most " + maxSide + " pixels a side are accepted");
            }
            if (maxValue != 255) {
                throw new IOException(file.getFileName() + " has " + maxValue + " levels, not 255");
            }
            // Exactly one whitespace byte separates the header from the pixels; headerNumber consumed it.
            byte[] rgb = in.readNBytes(width * height * 3);
            if (rgb.length != width * height * 3) {
                throw new EOFException(file.getFileName() + " ends inside its pixels");
            }
            return new RgbFrame(width, height, rgb);
        }
    }

    /** A decimal header field, skipping whitespace and comments before it and consuming one whitespace after. */
    private static int headerNumber(InputStream in) throws IOException {
        int c = in.read();
        while (c == '#' || Character.isWhitespace(c)) {
            if (c == '#') {
                while (c != '\n' && c != -1) {
                    c = in.read();
                }
            }
            c = in.read();
        }
        long value = 0;
        int digits = 0;
        while (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            if (++digits > 6) {
                throw new IOException("PPM header number too long");
            }
            c = in.read();
        }
        if (digits == 0 || !Character.isWhitespace(c)) {
            throw new IOException("malformed PPM header");
        }
        return (int) value;
    }
}
