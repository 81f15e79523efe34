package io.reelpipe.transcode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An AVI file written byte by byte in the shape of the classic ffmpeg exploit file: a playable uncompressed video
 * stream plus a subtitle stream whose one chunk is a GAB2 subtitle (DivX's embedded-subtitle format), whose payload
 * ffmpeg's avi demuxer ({@code read_gab2_sub} in libavformat/avidec.c) probes and opens with a nested demuxer. The
 * exploit put an HLS playlist there so the nested demuxer fetched its entries; with an SRT payload the same file is
 * an ordinary AVI with a subtitle track, which proves the structure reaches the nested demuxer.
 *
 * <p>Layout: {@code RIFF 'AVI '} { {@code LIST 'hdrl'} { {@code avih}, {@code LIST 'strl'} { {@code strh 'vids'},
 * {@code strf} BITMAPINFOHEADER }, {@code LIST 'strl'} { {@code strh 'txts'}, {@code strf} } }, {@code LIST 'movi'}
 * { {@code 01tx} GAB2, {@code 00db} frames... }, {@code idx1} }.
 */
final class Gab2Avi {

    static final int WIDTH = 64;
    static final int HEIGHT = 64;
    static final int FRAME_RATE = 10;
    static final int FRAMES = 10;
    /** The GAB2 name record, which ffmpeg exposes as the subtitle stream's {@code title} tag. */
    static final String TRACK_NAME = "English";

    private static final int FRAME_BYTES = WIDTH * HEIGHT * 3;
    private static final int AVIF_HASINDEX = 0x10;
    private static final int AVIIF_KEYFRAME = 0x10;
    /** GAB2 record types: the track name (UTF-16LE) and the subtitle data. */
    private static final int GAB2_NAME = 2;
    private static final int GAB2_DATA = 4;

    private Gab2Avi() {}

    /** One valid SubRip cue: what a GAB2 chunk legitimately carries. */
    static String srt() {
        return "1\r\n00:00:00,000 --> 00:00:00,900\r\nhello from a GAB2 chunk\r\n\r\n";
    }

    /** The AVI with {@code subtitle} (an SRT document, or anything else) as the data of its GAB2 chunk. */
    static byte[] withGab2Subtitle(String subtitle) {
        List<Chunk> movi = new ArrayList<>();
        // The subtitle chunk comes first so that probing (which reads only the first packets) meets it.
        movi.add(new Chunk("01tx", gab2(TRACK_NAME, subtitle.getBytes(StandardCharsets.UTF_8))));
        for (int i = 0; i < FRAMES; i++) {
            movi.add(new Chunk("00db", frame(i)));
        }
        byte[] hdrl = list("hdrl", concat(
                chunk("avih", avih()),
                list("strl", concat(chunk("strh", strh("vids", "DIB ", FRAMES, FRAME_BYTES)),
                        chunk("strf", bitmapInfoHeader()))),
                list("strl", concat(chunk("strh", strh("txts", "\0\0\0\0", 1, 0)),
                        // A subtitle strf's content is unused, but an empty one leaves the stream's type unknown.
                        chunk("strf", new byte[4])))));
        ByteArrayOutputStream moviBody = new ByteArrayOutputStream();
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        for (Chunk c : movi) {
            // idx1 offsets count from the 'movi' list type, which the 4 bytes before the first chunk hold.
            int offset = 4 + moviBody.size();
            moviBody.writeBytes(chunk(c.id(), c.data()));
            index.writeBytes(le(4 * 4).put(ascii(c.id())).putInt(AVIIF_KEYFRAME).putInt(offset)
                    .putInt(c.data().length).array());
        }
        byte[] body = concat(ascii("AVI "), hdrl, list("movi", moviBody.toByteArray()), chunk("idx1", index.toByteArray()));
        return concat(ascii("RIFF"), le(4).putInt(body.length).array(), body);
    }

    /**
     * A GAB2 subtitle: {@code "GAB2\0"}, then records of a 16-bit type and a 32-bit size: the track name in UTF-16LE
     * (ffmpeg insists this first record has type 2), then the subtitle data (type 4).
     */
    static byte[] gab2(String name, byte[] data) {
        byte[] utf16 = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
        return concat(ascii("GAB2\0"),
                le(6).putShort((short) GAB2_NAME).putInt(utf16.length).array(), utf16,
                le(6).putShort((short) GAB2_DATA).putInt(data.length).array(), data);
    }

    private record Chunk(String id, byte[] data) {}

    private static byte[] avih() {
        return le(56)
                .putInt(1_000_000 / FRAME_RATE) // microseconds per frame
                .putInt(FRAME_BYTES * FRAME_RATE) // max bytes per second
                .putInt(0) // padding granularity
                .putInt(AVIF_HASINDEX)
                .putInt(FRAMES)
                .putInt(0) // initial frames
                .putInt(2) // streams
                .putInt(FRAME_BYTES) // suggested buffer size
                .putInt(WIDTH)
                .putInt(HEIGHT)
                .array(); // 4 reserved words stay zero
    }

    private static byte[] strh(String type, String handler, int length, int bufferSize) {
        return le(56)
                .put(ascii(type))
                .put(ascii(handler))
                .putInt(0) // flags
                .putShort((short) 0) // priority
                .putShort((short) 0) // language
                .putInt(0) // initial frames
                .putInt(1) // scale
                .putInt(FRAME_RATE) // rate: rate / scale units per second
                .putInt(0) // start
                .putInt(length)
                .putInt(bufferSize)
                .putInt(-1) // quality: default
                .putInt(0) // sample size: 0 = one chunk per sample
                .putShort((short) 0).putShort((short) 0).putShort((short) WIDTH).putShort((short) HEIGHT) // rcFrame
                .array();
    }

    /** Uncompressed bottom-up BGR, which ffmpeg reads as rawvideo without any extra library. */
    private static byte[] bitmapInfoHeader() {
        return le(40)
                .putInt(40) // header size
                .putInt(WIDTH)
                .putInt(HEIGHT) // positive: bottom-up rows
                .putShort((short) 1) // planes
                .putShort((short) 24) // bits per pixel
                .putInt(0) // BI_RGB
                .putInt(FRAME_BYTES)
                .array(); // resolution and palette fields stay zero
    }

    /** A gradient that moves with the frame number, so the frames differ. */
    private static byte[] frame(int number) {
        byte[] pixels = new byte[FRAME_BYTES];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int p = (y * WIDTH + x) * 3;
                pixels[p] = (byte) (x * 4);
                pixels[p + 1] = (byte) (y * 4);
                pixels[p + 2] = (byte) (number * 255 / FRAMES);
            }
        }
        return pixels;
    }

    /** A RIFF chunk: id, 32-bit little-endian size, data, a pad byte when the size is odd. */
    private static byte[] chunk(String id, byte[] data) {
        return concat(ascii(id), le(4).putInt(data.length).array(), data, new byte[data.length % 2]);
    }

    private static byte[] list(String type, byte[] children) {
        return chunk("LIST", concat(ascii(type), children));
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] ascii(String fourcc) {
        return fourcc.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
