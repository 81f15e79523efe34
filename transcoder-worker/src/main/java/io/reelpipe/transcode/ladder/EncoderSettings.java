package io.reelpipe.transcode.ladder;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Encoder settings of the ladder, bound from {@code reelpipe.transcode.*}.
 *
 * @param preset    libx264 preset; {@code veryfast} keeps a 2-core worker near real time for 1080p
 * @param crf       constant rate factor, the quality target under each rung's ceiling
 * @param audioKbps AAC bit rate, shared by every rung
 * @param remux     whether a rung the source already fits is packaged without re-encoding
 */
@ConfigurationProperties("reelpipe.transcode")
public record EncoderSettings(String preset, Integer crf, Integer audioKbps, Boolean remux) {

    private static final java.util.Set<String> PRESETS = java.util.Set.of("ultrafast", "superfast", "veryfast",
            "faster", "fast", "medium", "slow", "slower", "veryslow");

    public EncoderSettings {
        preset = preset == null ? "veryfast" : preset;
        crf = crf == null ? 23 : crf;
        audioKbps = audioKbps == null ? 128 : audioKbps;
        remux = remux == null || remux;
        if (!PRESETS.contains(preset)) {
            throw new IllegalArgumentException("reelpipe.transcode.preset must be one of " + PRESETS + ", got '" + preset + "'");
        }
        if (crf < 0 || crf > 51) {
            throw new IllegalArgumentException("reelpipe.transcode.crf must be 0..51, got " + crf);
        }
        if (audioKbps < 32 || audioKbps > 320) {
            throw new IllegalArgumentException("reelpipe.transcode.audio-kbps must be 32..320, got " + audioKbps);
        }
    }
}
