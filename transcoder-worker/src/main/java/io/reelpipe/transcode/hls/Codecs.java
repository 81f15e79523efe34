package io.reelpipe.transcode.hls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The RFC 6381 {@code CODECS} value of a variant, read from its fMP4 init segment: {@code avc1.PPCCLL} straight from the
 * H.264 decoder configuration record ({@code avcC}: profile, constraint flags, level), plus {@code mp4a.40.2} for the
 * AAC-LC audio group when there is one.
 */
final class Codecs {

    private static final byte[] AVCC = {'a', 'v', 'c', 'C'};

    private Codecs() {}

    static String of(Path initSegment, boolean audio) throws IOException {
        String video = avc1(Files.readAllBytes(initSegment), initSegment);
        return audio ? video + ",mp4a.40.2" : video;
    }

    static String avc1(byte[] init, Path source) throws IOException {
        for (int i = 0; i + 8 < init.length; i++) {
            if (init[i] == AVCC[0] && init[i + 1] == AVCC[1] && init[i + 2] == AVCC[2] && init[i + 3] == AVCC[3]) {
                // avcC payload: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication.
                return String.format(Locale.ROOT, "avc1.%02x%02x%02x", init[i + 5] & 0xff, init[i + 6] & 0xff,
                        init[i + 7] & 0xff);
            }
        }
        throw new IOException("no H.264 decoder configuration (avcC) in " + source.getFileName());
    }
}
