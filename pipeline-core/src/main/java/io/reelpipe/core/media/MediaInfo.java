package io.reelpipe.core.media;

import java.util.List;
import java.util.Optional;

/**
 * What ffprobe says about a source.
 *
 * @param formatName  the demuxer that read it
 * @param durationSec duration in seconds (0 when unknown)
 * @param bitRate     overall bit rate in bits per second (0 when unknown)
 * @param streams     every stream, in container order
 */
public record MediaInfo(String formatName, double durationSec, long bitRate, List<Stream> streams) {

    public MediaInfo {
        streams = List.copyOf(streams);
    }

    /**
     * One stream.
     *
     * @param index          stream index in the container
     * @param type           {@code video}, {@code audio}, {@code subtitle}, {@code data} or {@code attachment}
     * @param codec          codec name
     * @param width          coded width (video)
     * @param height         coded height (video)
     * @param rotation       display rotation in degrees, normalised to 0, 90, 180 or 270
     * @param frameRate      average frame rate (video), 0 when unknown
     * @param pixelFormat    pixel format (video)
     * @param colorTransfer  transfer characteristic (video), such as {@code smpte2084} for PQ
     * @param fieldOrder     {@code progressive}, {@code tt}, {@code bb}, ... (video)
     * @param bitRate        bit rate in bits per second, 0 when unknown
     * @param channels       audio channels
     * @param attachedPicture whether this video stream is cover art rather than video
     */
    public record Stream(
            int index,
            String type,
            String codec,
            int width,
            int height,
            int rotation,
            double frameRate,
            String pixelFormat,
            String colorTransfer,
            String fieldOrder,
            long bitRate,
            int channels,
            boolean attachedPicture) {

        public boolean isVideo() {
            return "video".equals(type) && !attachedPicture;
        }

        public boolean isAudio() {
            return "audio".equals(type);
        }

        /** Width as displayed, after rotation. */
        public int displayWidth() {
            return rotation % 180 == 0 ? width : height;
        }

        /** Height as displayed, after rotation. */
        public int displayHeight() {
            return rotation % 180 == 0 ? height : width;
        }
    }

    /** The first real video stream (not cover art). */
    public Optional<Stream> video() {
        return streams.stream().filter(Stream::isVideo).findFirst();
    }

    public Optional<Stream> audio() {
        return streams.stream().filter(Stream::isAudio).findFirst();
    }
}
